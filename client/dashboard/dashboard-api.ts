import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { fetchJson } from '../http/fetch-json.ts';
import type { UnitFigures } from '../stats/rectification-api.ts';
import type { Level } from '../units/unit-levels.ts';

export type { UnitFigures };

export interface Rectification {
  unit: string;
  level: Level;
  target_rate: number;
  total: UnitFigures | null;
  rows: UnitFigures[];
}

export interface TrendMonth {
  month: string;
  found: number;
  closed: number;
  major: number;
}

export interface OverdueHazard {
  id: number;
  category: string;
  severity: 'minor' | 'general' | 'major';
  status: string;
  grid_code: string;
  grid_name: string;
  reported_at: string;
  deadline: string;
  escalation_level: number;
  five_fixes: { responsible: string; measures: string; deadline: string; funds: string; acceptor: string } | null;
  reporter: string | null;
}

/** Hazards reported from `from` (included) to `to` (excluded). */
export interface Period {
  from: Date;
  to: Date;
}

const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();

export const rectificationUrl = (unit: string, level: Level, period: Period, format?: 'csv') =>
  `/api/stats/rectification?${query({ level, unit, from: period.from.toISOString(), to: period.to.toISOString(), format })}`;

export const fetchRectification = (unit: string, level: Level, period: Period, signal?: AbortSignal) =>
  fetchJson<Rectification>(rectificationUrl(unit, level, period), { signal });

/** The trend's `to` names the last month shown, so the period's excluded end is stepped back by a moment. */
export const fetchTrend = (unit: string, period: Period, signal?: AbortSignal) =>
  fetchJson<{ months: TrendMonth[] }>(`/api/stats/trend?${query({
    unit, from: period.from.toISOString(), to: new Date(period.to.getTime() - 1).toISOString(),
  })}`, { signal });

/** Open hazards past their deadline, reported within the period: the same ones the overdue figure counts. */
export async function fetchOverdue(unit: string, period: Period, signal?: AbortSignal): Promise<OverdueHazard[]> {
  const fc = await fetchJson<FeatureCollection<Point, OverdueHazard>>(`/api/hazards?${query({
    overdue: 'true', unit, from: period.from.toISOString(), to: period.to.toISOString(),
  })}`, { signal });
  return fc.features.map((f) => f.properties);
}

/** A unit's or a grid's outline, to fly the map to; grids are looked up by code through the grid list. */
export async function fetchUnitShape(code: string, signal?: AbortSignal): Promise<Feature<Geometry> | null> {
  if (code.length === 17) {
    const fc = await fetchJson<FeatureCollection>(`/api/grids?${query({ unit: code })}`, { signal });
    return fc.features.find((f) => f.properties?.code === code) ?? null;
  }
  return fetchJson<Feature<Geometry>>(`/api/units/${code}`, { signal });
}
