import { fetchJson } from '../http/fetch-json.ts';
import { levelOf } from '../units/unit-levels.ts';

/** One unit's rectification figures, as /api/stats/rectification gives them. */
export interface UnitFigures {
  code: string;
  name: string;
  /** English name for the county and its townships; null below. */
  name_en: string | null;
  found: number;
  rectified: number;
  rate: number | null;
  overdue: number;
  major_open: number;
  median_hours_to_close: number | null;
  by_finder: Record<'worker' | 'village' | 'leader' | 'department', { found: number; rectified: number }>;
}

/** The figures of one unit (or grid) as a whole: asked at its own level, the total is the unit itself. */
export async function fetchRectificationTotal(unit: string, signal?: AbortSignal) {
  return fetchJson<{ target_rate: number; total: UnitFigures | null }>(
    `/api/stats/rectification?level=${levelOf(unit) ?? 'township'}&unit=${encodeURIComponent(unit)}`, { signal, cache: 'no-store' });
}
