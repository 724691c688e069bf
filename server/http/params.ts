import type { Point } from 'geojson';
import { badRequest, HttpError } from './errors.ts';

/** An integer path or query value within [min, max], or a 400 naming the parameter. */
export function intParam(name: string, raw: unknown, min: number, max: number): number {
  const text = typeof raw === 'string' ? raw : '';
  if (!/^-?\d+$/.test(text)) throw badRequest('invalid_parameter', `${name} must be an integer, not "${String(raw)}".`);
  const value = Number(text);
  if (value < min || value > max) {
    throw badRequest('out_of_range', `${name} must be between ${min} and ${max}, not ${value}.`, { name, min, max });
  }
  return value;
}

/** bbox=minLon,minLat,maxLon,maxLat in WGS84, or a 400. */
export function bboxParam(raw: unknown): [number, number, number, number] {
  const parts = typeof raw === 'string' ? raw.split(',').map(Number) : [];
  const [w, s, e, n] = parts;
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v)) || w < -180 || e > 180 || s < -90 || n > 90 || w > e || s > n) {
    throw badRequest('invalid_bbox', 'bbox must be minLon,minLat,maxLon,maxLat in WGS84 degrees.');
  }
  return [w, s, e, n];
}

/** An administrative unit or grid code (6, 9, 12, 15 or 17 digits), or a 400. */
export function unitCodeParam(name: string, raw: unknown): string {
  if (typeof raw !== 'string' || !/^\d{6}(\d{3}){0,3}(\d{2})?$/.test(raw)) {
    throw badRequest('invalid_unit', `${name} must be a unit code of 6, 9, 12 or 15 digits or a grid code of 17.`);
  }
  return raw;
}

/** The version a write was based on, from If-Match: 3, "3", W/"3" or "3-full"; 428 when absent. */
export function ifMatchVersion(raw: string | undefined, required: boolean): number | null {
  if (raw === undefined || raw === '') {
    if (required) {
      throw new HttpError(428, 'precondition_required',
        'Send If-Match with the version you edited (GET the grid for its version), so no change is lost.');
    }
    return null;
  }
  const m = /^(?:W\/)?"?(\d+)(?:-[a-z]+)?"?$/.exec(raw.trim());
  if (!m) throw badRequest('invalid_if_match', `If-Match must be a grid version such as "3", not ${raw}.`);
  return Number(m[1]);
}

/** An ISO 8601 date or time, or a 400. */
export function dateParam(raw: unknown, name: string): Date | undefined {
  if (raw === undefined) return undefined;
  const d = typeof raw === 'string' ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw badRequest('invalid_date', `${name} must be an ISO 8601 date or time.`);
  return d;
}

/** A GeoJSON Point [lon, lat] in WGS84, or a 400. */
export function pointParam(raw: unknown): Point {
  const g = raw as Point | undefined;
  const c = g?.coordinates;
  if (!g || g.type !== 'Point' || !Array.isArray(c) || c.length < 2 || !c.every((v) => typeof v === 'number' && Number.isFinite(v))
    || Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) {
    throw badRequest('invalid_geojson', 'geometry must be a GeoJSON Point [lon, lat] in WGS84.');
  }
  return { type: 'Point', coordinates: [c[0], c[1]] };
}
