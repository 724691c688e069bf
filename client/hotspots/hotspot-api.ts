import type { FeatureCollection, Geometry, Point } from 'geojson';
import { fetchJson } from '../http/fetch-json.ts';
import type { HotspotClass } from './hotspot-classes.ts';

export type Severity = 'minor' | 'general' | 'major';
/** Open is every state of the loop before closing; rejected reports count as neither. */
export type StatusFilter = 'all' | 'open' | 'closed';

export const OPEN_STATES = ['reported', 'fixed_on_spot', 'assigned', 'rectifying', 'rectified', 'accepted', 'escalated', 'supervised'];

export interface HotspotFilter {
  unit: string;
  from: Date;
  /** Excluded. */
  to: Date;
  severity: Severity | 'all';
  status: StatusFilter;
}

export interface HazardPoint {
  id: number;
  severity: Severity;
  status: string;
  category: string;
}

export interface HotspotCell {
  id: number | string;
  code?: string;
  name?: string;
  count: number;
  weight: number;
  gi_z: number | null;
  p_value: number | null;
  class: HotspotClass;
}

export interface HotspotCollection extends FeatureCollection<Geometry, HotspotCell> {
  unit_name: string;
  totals: { cells: number; hazards: number; classes: Record<HotspotClass, number> };
}

function params(f: HotspotFilter): URLSearchParams {
  const p = new URLSearchParams({ unit: f.unit, from: f.from.toISOString(), to: f.to.toISOString() });
  if (f.severity !== 'all') p.set('severity', f.severity);
  if (f.status !== 'all') p.set('status', f.status === 'open' ? OPEN_STATES.join(',') : 'closed');
  return p;
}

/** The hazards themselves, as points, for the heat map and the hexagons. */
export const fetchHazardPoints = (f: HotspotFilter, signal?: AbortSignal) =>
  fetchJson<FeatureCollection<Point, HazardPoint>>(`/api/hazards?${params(f)}`, { signal });

/** Getis–Ord Gi* over the unit's micro-grids or over 500 m hexagons, classes optionally FDR-corrected. */
export function fetchHotspots(f: HotspotFilter, cells: 'grid' | 'hex', correction: 'none' | 'fdr', signal?: AbortSignal) {
  const p = params(f);
  p.set('cells', cells);
  p.set('correction', correction);
  return fetchJson<HotspotCollection>(`/api/hotspots?${p}`, { signal });
}

/** A stable key of what a filter asks, to tell whether an answer is still the one wanted. */
export const filterKey = (f: HotspotFilter) => params(f).toString();
