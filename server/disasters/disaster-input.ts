// What a footprint arrives as: a polygon drawn on the map or uploaded (GeoJSON, in WGS84, CGCS2000 or GCJ-02), or a
// point (a landslide) or line (a river reach) to be buffered by a distance. Parsing only; PostGIS does the rest.
import type { Geometry, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { toWgs84, type Crs } from '../grids/crs.ts';
import { lineInput, polygonInput } from '../grids/grid-shape.ts';
import { badRequest } from '../http/errors.ts';
import { pointParam } from '../http/params.ts';

export const DISASTER_KINDS = ['landslide', 'flood', 'earthquake', 'cold_wave', 'fire', 'other'] as const;
export type DisasterKind = (typeof DISASTER_KINDS)[number];

/** Buffers beyond this are refused: a county is some 60 km across; anything wider is a mistake in units. */
export const MAX_BUFFER_M = 50_000;

export interface Footprint {
  geometry: Polygon | MultiPolygon | Point | LineString;
  source: 'drawn' | 'uploaded' | 'buffered';
  bufferM: number | null;
}

function multiPolygonInput(raw: unknown): MultiPolygon {
  const g = raw as MultiPolygon;
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
    throw badRequest('invalid_geojson', 'geometry must be a GeoJSON MultiPolygon with at least one polygon.');
  }
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => polygonInput({ type: 'Polygon', coordinates: p }).coordinates) };
}

/** A buffer distance in metres from a request value, or a 400 saying what is allowed. */
export function bufferParam(raw: unknown, name = 'buffer'): number {
  if (raw === undefined || raw === null || raw === '') return 0;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > MAX_BUFFER_M) {
    throw badRequest('invalid_buffer', `${name} must be a distance in metres from 0 to ${MAX_BUFFER_M}.`);
  }
  return n;
}

/** The footprint of a Feature: polygons as they are, points and lines with properties.buffer_m > 0. */
export function footprintInput(feature: unknown, crs: Crs): Footprint {
  const f = feature as { type?: string; geometry?: Geometry; properties?: Record<string, unknown> } | undefined;
  if (!f || f.type !== 'Feature' || !f.geometry) throw badRequest('invalid_geojson', 'The body must be a GeoJSON Feature with a geometry.');
  const props = f.properties ?? {};
  const g = f.geometry;
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const parsed = g.type === 'Polygon' ? polygonInput(g) : multiPolygonInput(g);
    return { geometry: toWgs84(parsed, crs), source: props.source === 'drawn' ? 'drawn' : 'uploaded', bufferM: null };
  }
  if (g.type === 'Point' || g.type === 'LineString') {
    const bufferM = bufferParam(props.buffer_m, 'properties.buffer_m');
    if (bufferM === 0) throw badRequest('buffer_required', `A ${g.type} footprint needs properties.buffer_m, the distance in metres around it that is affected.`);
    const parsed = g.type === 'Point' ? pointParam(g) : lineInput(g, 'geometry');
    return { geometry: toWgs84(parsed, crs), source: 'buffered', bufferM };
  }
  throw badRequest('invalid_geojson', `geometry must be a Polygon, MultiPolygon, or a Point or LineString to buffer, not ${g.type}.`);
}
