import type { LineString, Polygon } from 'geojson';
import { badRequest } from '../http/errors.ts';

const isPosition = (p: unknown): p is [number, number] =>
  Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((v) => typeof v === 'number' && Number.isFinite(v))
  && Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90;

/**
 * The structure of a GeoJSON polygon, checked before PostGIS sees it: a 400 for what is not a polygon at all
 * (wrong type, missing or non-numeric coordinates, unclosed rings). Whether it is a valid one (no bow-tie) is
 * the database's call, answered with a 422 that shows where.
 */
export function polygonInput(raw: unknown, what = 'geometry'): Polygon {
  const g = raw as Polygon | undefined;
  if (!g || typeof g !== 'object' || g.type !== 'Polygon' || !Array.isArray(g.coordinates) || g.coordinates.length === 0) {
    throw badRequest('invalid_geojson', `${what} must be a GeoJSON Polygon in WGS84 longitude/latitude.`);
  }
  for (const ring of g.coordinates) {
    if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) {
      throw badRequest('invalid_geojson', `Each ring of ${what} needs at least 4 [lon, lat] positions within range.`);
    }
    const [first, last] = [ring[0], ring[ring.length - 1]];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw badRequest('invalid_geojson', `Each ring of ${what} must end where it starts.`);
    }
  }
  return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(([x, y]) => [x, y])) };
}

export function lineInput(raw: unknown, what = 'line'): LineString {
  const g = raw as LineString | undefined;
  if (!g || typeof g !== 'object' || g.type !== 'LineString' || !Array.isArray(g.coordinates)
    || g.coordinates.length < 2 || !g.coordinates.every(isPosition)) {
    throw badRequest('invalid_geojson', `${what} must be a GeoJSON LineString of at least 2 [lon, lat] positions.`);
  }
  return { type: 'LineString', coordinates: g.coordinates.map(([x, y]) => [x, y]) };
}

export const GRID_KINDS = ['residential', 'enterprise', 'park', 'market', 'compound', 'project'] as const;
export type GridKind = (typeof GRID_KINDS)[number];

export function kindInput(raw: unknown): GridKind | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!GRID_KINDS.includes(raw as GridKind)) {
    throw badRequest('invalid_kind', `kind must be one of ${GRID_KINDS.join(', ')}.`);
  }
  return raw as GridKind;
}
