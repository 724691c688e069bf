// What a track upload may look like, read into three flat arrays: the batch API of phones ({points: [[lon, lat,
// time], …]}), GeoJSON (a LineString with per-point times, or timed Points) and GPX (see gpx.ts). Times are ISO
// 8601 text or epoch seconds. Nothing here knows about grids or the database.
import type { Feature, Geometry, Position } from 'geojson';
import { geoJsonCrs } from '../grids/crs.ts';
import { badRequest, HttpError } from '../http/errors.ts';

/** Timed points in upload order: longitude, latitude (degrees) and epoch seconds (fractions kept). */
export interface TimedPoints {
  lon: number[];
  lat: number[];
  t: number[];
}

const EARLIEST_S = Date.UTC(2000, 0, 1) / 1000;
/** Phone clocks drift; a time further ahead than this is a wrong clock or a wrong unit. */
const FUTURE_SLACK_S = 24 * 3600;

const empty = (): TimedPoints => ({ lon: [], lat: [], t: [] });

function invalidTime(where: string, raw: unknown): HttpError {
  return badRequest('invalid_time', `${where}: the time ${JSON.stringify(raw)?.slice(0, 40)} is not an ISO 8601 time or `
    + 'epoch seconds between 2000 and tomorrow.', { where });
}

/** An ISO 8601 text or epoch seconds as epoch seconds, or a 400 saying which point. */
export function parseTime(raw: unknown, where: string): number {
  let s: number;
  if (typeof raw === 'number') s = raw;
  else if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw)) s = Date.parse(raw) / 1000;
  else if (raw === undefined || raw === null) {
    throw badRequest('missing_time', `${where} has no time; every point needs one (ISO 8601 or epoch seconds).`, { where });
  } else throw invalidTime(where, raw);
  if (!Number.isFinite(s) || s < EARLIEST_S || s > Date.now() / 1000 + FUTURE_SLACK_S) {
    if (typeof raw === 'number' && raw > 1e11) {
      throw badRequest('invalid_time', `${where}: ${raw} looks like milliseconds; send epoch seconds.`, { where });
    }
    throw invalidTime(where, raw);
  }
  return s;
}

function push(out: TimedPoints, lon: unknown, lat: unknown, time: number, where: string): void {
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)
    || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw badRequest('invalid_coordinates', `${where}: [${String(lon)}, ${String(lat)}] is not a longitude in ±180 and a `
      + 'latitude in ±90 (degrees, longitude first).', { where });
  }
  out.lon.push(lon);
  out.lat.push(lat);
  out.t.push(time);
}

/** {points: [[lon, lat, time], …]}: what phones send in batches. */
export function fromPointList(points: unknown): TimedPoints {
  if (!Array.isArray(points)) throw badRequest('invalid_track', 'points must be an array of [lon, lat, time].');
  const out = empty();
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!Array.isArray(p) || p.length < 3) {
      throw badRequest('invalid_track', `points[${i}] must be [lon, lat, time].`, { where: `points[${i}]` });
    }
    push(out, p[0], p[1], parseTime(p[2], `points[${i}]`), `points[${i}]`);
  }
  return out;
}

/** Per-point times of a line feature: properties.coordTimes / times / coordinateProperties.times, or a 4th coordinate. */
function lineTimes(props: Record<string, unknown>, part: number, multi: boolean): unknown[] | undefined {
  const nested = (props.coordinateProperties as Record<string, unknown> | undefined)?.times;
  const all = props.coordTimes ?? props.times ?? nested;
  if (!Array.isArray(all)) return undefined;
  return multi ? (Array.isArray(all[part]) ? all[part] as unknown[] : undefined) : all;
}

function addLine(out: TimedPoints, coords: Position[], times: unknown[] | undefined, where: string): void {
  if (!Array.isArray(coords)) throw badRequest('invalid_geojson', `${where}: coordinates must be an array of positions.`);
  if (times && times.length !== coords.length) {
    throw badRequest('missing_time', `${where} has ${coords.length} points but ${times.length} times; every point needs one.`, { where });
  }
  for (let i = 0; i < coords.length; i++) {
    const c = coords[i];
    const at = `${where}[${i}]`;
    if (!Array.isArray(c)) throw badRequest('invalid_geojson', `${at} is not a position.`);
    const raw = times ? times[i] : c[3];
    push(out, c[0], c[1], parseTime(raw, at), at);
  }
}

function addFeature(out: TimedPoints, f: Feature | Geometry, where: string): void {
  const feature = f.type === 'Feature' ? f : undefined;
  const g = (feature ? feature.geometry : f) as Geometry | null;
  const props = (feature?.properties ?? {}) as Record<string, unknown>;
  if (!g) return;
  switch (g.type) {
    case 'LineString':
      addLine(out, g.coordinates, lineTimes(props, 0, false), `${where}.coordinates`);
      break;
    case 'MultiLineString':
      g.coordinates.forEach((line, k) => addLine(out, line, lineTimes(props, k, true), `${where}.coordinates[${k}]`));
      break;
    case 'Point': {
      const c = g.coordinates;
      const at = `${where}`;
      if (!Array.isArray(c)) throw badRequest('invalid_geojson', `${at} has no coordinates.`);
      push(out, c[0], c[1], parseTime(props.time ?? props.timestamp ?? c[3], at), at);
      break;
    }
    default:
      throw badRequest('invalid_geojson', `${where} is a ${g.type}; a track is a LineString with times or timed Points.`);
  }
}

/** A GeoJSON Feature, FeatureCollection or bare line geometry with per-point times. */
export function fromGeoJson(body: { type?: unknown; crs?: unknown; features?: unknown }): TimedPoints {
  geoJsonCrs(body.crs); // a projected or foreign system is refused, not misread as degrees
  const out = empty();
  if (body.type === 'FeatureCollection') {
    if (!Array.isArray(body.features)) throw badRequest('invalid_geojson', 'features must be an array.');
    body.features.forEach((f, i) => addFeature(out, f as Feature, `features[${i}]`));
  } else {
    addFeature(out, body as Feature, body.type === 'Feature' ? 'geometry' : 'body');
  }
  return out;
}

const GEOJSON_TYPES = ['Feature', 'FeatureCollection', 'LineString', 'MultiLineString', 'Point'];

/** A JSON body of either kind; the GPX text body is read by gpx.ts. */
export function fromJsonBody(body: unknown): TimedPoints {
  const b = body as { points?: unknown; type?: unknown } | null;
  if (b && typeof b === 'object' && 'points' in b) return fromPointList(b.points);
  if (b && typeof b === 'object' && GEOJSON_TYPES.includes(b.type as string)) return fromGeoJson(b);
  throw badRequest('unsupported_track', 'Send {points: [[lon, lat, time], …]}, GeoJSON (a LineString with times or timed '
    + 'Points) or GPX with Content-Type: application/gpx+xml.');
}
