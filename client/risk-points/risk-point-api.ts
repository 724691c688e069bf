import { fetchJson } from '../http/fetch-json.ts';
import type { RiskKind, RiskLevel } from './risk-register.ts';

/** A risk point as GET /api/risk-points/{id} answers it. */
export interface RiskPointDetail {
  id: number;
  kind: RiskKind;
  level: RiskLevel;
  name: string;
  inspection_interval_days: number;
  last_inspected_at: string | null;
  updated_at: string | null;
  updated_by: string | null;
  grid_id: number;
  grid_code: string;
  grid_name: string | null;
  inspection_overdue: boolean;
}

export interface RiskPointFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: RiskPointDetail;
}

export interface RiskPointChanges {
  kind?: RiskKind;
  level?: RiskLevel;
  name?: string;
  inspection_interval_days?: number;
  /** ISO 8601 */
  last_inspected_at?: string;
}

export const fetchRiskPoint = (id: number | string, signal?: AbortSignal) =>
  // Edits by others (and the overdue flag, which moves with the clock) must show: never from a cache.
  fetchJson<RiskPointFeature>(`/api/risk-points/${encodeURIComponent(id)}`, { signal, cache: 'no-store' });

export const createRiskPoint = (at: [number, number], properties: Required<Pick<RiskPointChanges, 'kind' | 'level' | 'name'>> & RiskPointChanges) =>
  fetchJson<RiskPointFeature>('/api/risk-points', {
    method: 'POST',
    body: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties }),
  });

/** Only what changed is sent: a level without an interval lets the server reset the interval to the level's default. */
export const updateRiskPoint = (id: number, properties: RiskPointChanges) =>
  fetchJson<RiskPointFeature>(`/api/risk-points/${id}`, { method: 'PUT', body: JSON.stringify({ type: 'Feature', properties }) });

export const retireRiskPoint = (id: number) =>
  fetchJson<{ id: number; retired: true }>(`/api/risk-points/${id}`, { method: 'DELETE' });
