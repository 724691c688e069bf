import type { FeatureCollection, Geometry } from 'geojson';
import { fetchJson } from '../http/fetch-json.ts';

/** One grid's patrol coverage over a period, as GET /api/coverage/patrols answers it. */
export interface GridCoverage {
  grid_id: number;
  code: string;
  name: string | null;
  worker_name: string | null;
  /** The mean daily share of the grid within 30 m of its worker's tracks; a day without a patrol counts 0. */
  coverage_pct: number;
  days_patrolled: number;
  patrols: number;
  seconds_inside: number;
  last_patrolled_at: string | null;
  risk_points_visited: number;
  risk_points_due: number;
}

export interface OverdueRiskPoint {
  id: number;
  name: string;
  kind: string;
  level: string;
  grid_code: string;
  inspection_interval_days: number;
  last_visited_at: string | null;
  last_inspected_at: string | null;
  days_overdue: number | null;
}

export interface PatrolCoverage {
  unit: string;
  from: string;
  to: string;
  grids: GridCoverage[];
  overdue_risk_points: OverdueRiskPoint[];
}

export interface UnpatrolledGrid {
  grid_id: number;
  code: string;
  name: string | null;
  worker_name: string | null;
  last_patrolled_at: string | null;
}

export interface PatrolGaps {
  unit: string;
  days: number;
  unpatrolled: UnpatrolledGrid[];
  /** Every grid's part nobody covered in the window, with unvisited_m2 and unvisited_share. */
  gaps: FeatureCollection<Geometry>;
}

const query = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));

// Tracks arrive all day: never from a cache.
export const fetchCoverage = (unit: string, from: string, to: string, signal?: AbortSignal) =>
  fetchJson<PatrolCoverage>(`/api/coverage/patrols?${query({ unit, from, to })}`, { signal, cache: 'no-store' });

export const fetchGaps = (unit: string, days: number, signal?: AbortSignal) =>
  fetchJson<PatrolGaps>(`/api/coverage/gaps?${query({ unit, days })}`, { signal, cache: 'no-store' });
