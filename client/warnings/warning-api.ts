// The targeted warnings API (预警叫应) as the browser calls it. Shapes mirror server/warnings/warnings.ts.
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import type { Crs } from '../disasters/disaster-api.ts';
import { fetchJson } from '../http/fetch-json.ts';

export const WARNING_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export type GridState = 'acknowledged' | 'silent' | 'escalated';
export const GRID_STATES: GridState[] = ['acknowledged', 'silent', 'escalated'];

export interface WarningGrid {
  grid_id: number;
  code: string;
  name: string | null;
  person_id: number | null;
  worker: string | null;
  phone: string | null;
  state: GridState;
  overdue: boolean;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  ack_note: string | null;
  leader: string | null;
  leader_phone: string | null;
  geometry: Geometry | null;
}

export interface Recipient {
  role: 'worker' | 'leader';
  person_id: number;
  name: string;
  phone: string | null;
  unit_code: string;
}

export interface Totals {
  grids: number;
  acknowledged: number;
  silent: number;
  escalated: number;
}

export interface WarningRow {
  id: number;
  level: WarningLevel;
  message: string;
  issued_at: string;
  issued_by: string;
  ack_minutes: number;
  disaster_id: number | null;
  grids: number;
  acknowledged: number;
  escalated: number;
}

export interface Warning {
  id: number;
  properties: {
    id: number; level: WarningLevel; message: string; disaster_id: number | null; ack_minutes: number; issued_at: string;
    issued_by: string; ack_due: string; grids: WarningGrid[]; recipients: Recipient[]; totals: Totals;
  };
}

export interface Issued {
  id: number;
  grids: WarningGrid[];
  recipients: Recipient[];
  totals: Totals;
  csv: string;
}

export function issueWarning(area: { geometry: Polygon | MultiPolygon; crs: Crs } | { disasterId: number },
                             props: { level: WarningLevel; message: string; ack_minutes: number }) {
  const [geometry, crs, extra] = 'geometry' in area ? [area.geometry, area.crs, {}] : [null, 'wgs84', { disaster_id: area.disasterId }];
  return fetchJson<Issued>(`/api/warnings?crs=${crs}`, {
    method: 'POST', body: JSON.stringify({ type: 'Feature', geometry, properties: { ...props, ...extra } }),
  });
}

export const listWarnings = (signal?: AbortSignal) => fetchJson<{ rows: WarningRow[] }>('/api/warnings', { signal });
export const getWarning = (id: number, options: { geometry?: boolean; signal?: AbortSignal } = {}) =>
  fetchJson<Warning>(`/api/warnings/${id}${options.geometry ? '?geometry=true' : ''}`, { signal: options.signal });
export const recipientsCsvUrl = (id: number) => `/api/warnings/${id}/recipients.csv`;

/** A worker's own acknowledgement (no grid), or a leader's record of a call-back for a grid. */
export const acknowledge = (id: number, body: { grid_id?: number; note?: string } = {}) =>
  fetchJson<{ id: number; acknowledged_grids: number }>(`/api/warnings/${id}/ack`, { method: 'POST', body: JSON.stringify(body) });
