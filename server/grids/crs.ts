// The coordinate systems grids travel in. Stored geometry is WGS84 (CGCS2000 is taken as the same: the two differ
// by centimetres); GCJ-02 is what Amap and most Chinese web maps show, so planners who traced boundaries there
// bring it, and staff who overlay on Amap ask for it back. Nothing is reprojected from a projected system: a
// Gauss-Krüger file is refused with what to do instead, not guessed at.
import type { Geometry, Position } from 'geojson';
import gcoord from 'gcoord';
import { badRequest, unprocessable } from '../http/errors.ts';

export const CRS_NAMES = ['wgs84', 'cgcs2000', 'gcj02'] as const;
export type Crs = (typeof CRS_NAMES)[number];

/** An ESRI-style .prj for the WGS84 geographic system: what GIS desktop tools expect beside a Shapefile. */
export const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
  + 'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** A crs query value among those allowed, the fallback when absent, or a 400 naming the choices. */
export function crsParam(raw: unknown, allowed: readonly Crs[] = CRS_NAMES, fallback: Crs = 'wgs84'): Crs {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'string' ? raw.toLowerCase() : '';
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest('invalid_crs', `crs must be one of ${allowed.join(', ')}, not "${String(raw)}".`, { allowed });
  }
  return value as Crs;
}

/**
 * GCJ-02 to WGS84, iterated against gcoord's forward formula to 1e-12° (micrometres). gcoord's own inverse stops
 * at 1e-6° (up to 0.1 m), which along a 2 km boundary is tens of square metres of overlap with the neighbours the
 * planner traced against: enough to have an untouched grid refused after a round trip through Amap.
 */
export function gcj02ToWgs84([lon, lat]: Position): Position {
  let x = lon;
  let y = lat;
  for (let i = 0; i < 30; i++) {
    const [gx, gy] = gcoord.transform([x, y], gcoord.WGS84, gcoord.GCJ02);
    const dx = gx - lon;
    const dy = gy - lat;
    x -= dx;
    y -= dy;
    if (Math.abs(dx) < 1e-12 && Math.abs(dy) < 1e-12) break;
  }
  return [x, y];
}

export function wgs84ToGcj02([lon, lat]: Position): Position {
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02);
  return [x, y];
}

/** A copy of the geometry with every position mapped (z and m dropped: grids are flat). */
export function mapPositions<G extends Geometry>(geometry: G, fn: (p: Position) => Position): G {
  const walk = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number' ? fn(c as Position) : (c as unknown[]).map(walk);
  if (geometry.type === 'GeometryCollection') {
    return { ...geometry, geometries: geometry.geometries.map((g) => mapPositions(g, fn)) };
  }
  return { ...geometry, coordinates: walk(geometry.coordinates) } as G;
}

/** A geometry given in `from`, as it is stored (WGS84). */
export function toWgs84<G extends Geometry>(geometry: G, from: Crs): G {
  return from === 'gcj02' ? mapPositions(geometry, gcj02ToWgs84) : geometry;
}

/** A stored (WGS84) geometry, as shown in `to`. */
export function fromWgs84<G extends Geometry>(geometry: G, to: Crs): G {
  return to === 'gcj02' ? mapPositions(geometry, wgs84ToGcj02) : geometry;
}

const WGS84_DATUM = /WGS[ _]?(19)?84|World Geodetic System 1984/i;
const CGCS2000_DATUM = /China[ _]?(Geodetic[ _]Coordinate[ _]System[ _])?2000|CGCS[ _]?2000/i;

/**
 * The geographic system a Shapefile's .prj (WKT 1 or 2, ESRI or OGC flavour) declares, when it is one we store as
 * is; otherwise a 422 unsupported_crs saying what was found. GCJ-02 has no WKT: such files carry a WGS84 .prj,
 * which is why the caller's crs parameter, not the .prj, decides whether to convert.
 */
export function prjCrs(wkt: string): 'wgs84' | 'cgcs2000' {
  const text = wkt.trim();
  const keyword = /^([A-Z]+)\s*\[\s*"([^"]*)"/i.exec(text);
  const refuse = (what: string) => unprocessable('unsupported_crs',
    `The Shapefile's .prj declares ${what}; only longitude/latitude in WGS84 (EPSG:4326) or CGCS2000 (EPSG:4490) is `
    + 'imported. Reproject it to EPSG:4490 in your GIS (or send crs=gcj02 with Amap coordinates) and send it again.',
    { prj: text.slice(0, 500) });
  if (!keyword) throw refuse('nothing that reads as a coordinate system');
  const [, kind, name] = keyword;
  if (!/^(GEOGCS|GEOGCRS|GEODCRS|GEOGRAPHICCRS)$/i.test(kind)) {
    throw refuse(`${/^PROJ/i.test(kind) ? 'the projected system' : 'the system'} "${name}"`);
  }
  const datum = /\b(?:DATUM|ENSEMBLE|GEODETICDATUM)\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? name;
  if (CGCS2000_DATUM.test(datum) || CGCS2000_DATUM.test(name)) return 'cgcs2000';
  if (WGS84_DATUM.test(datum)) return 'wgs84';
  throw refuse(`the geographic system "${name}" (datum ${datum}), which is metres to hundreds of metres off WGS84`);
}

/**
 * The legacy `crs` member of a GeoJSON object (RFC 7946 dropped it: coordinates are WGS84), when present: a name
 * for WGS84 or CGCS2000 is accepted, anything else (EPSG:3857, a projected system) is a 422 unsupported_crs.
 */
export function geoJsonCrs(member: unknown): 'wgs84' | 'cgcs2000' | undefined {
  if (member === undefined || member === null) return undefined;
  const name = (member as { properties?: { name?: unknown } })?.properties?.name;
  const text = typeof name === 'string' ? name : '';
  if (/(CRS84|EPSG:{1,2}4326)$/i.test(text)) return 'wgs84';
  if (/EPSG:{1,2}4490$/i.test(text)) return 'cgcs2000';
  throw unprocessable('unsupported_crs',
    `The GeoJSON names the coordinate system "${text || JSON.stringify(member).slice(0, 100)}"; only WGS84 (CRS84, `
    + 'EPSG:4326) or CGCS2000 (EPSG:4490) longitude/latitude is imported. Reproject it and send it again.',
    { crs: member });
}
