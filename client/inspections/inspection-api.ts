import { fetchJson } from '../http/fetch-json.ts';

export type TargetKind = 'township' | 'enterprise' | 'project';

/** One leader's duty and how it stands in the month (server/inspections/sql/duties.sql). */
export interface InspectionDuty {
  duty_id: number;
  person_id: number;
  person: string;
  phone: string | null;
  /** The leader's own jurisdiction: a township code, or the county for the chief. */
  jurisdiction: string;
  target_kind: TargetKind;
  /** A township code, or a risk point id for an enterprise or project. */
  target_code: string;
  target_name: string;
  visits: number;
  covert_visits: number;
  last_visit: string | null;
  behind: boolean;
}

export interface InspectionMonth {
  unit: string;
  /** YYYY-MM */
  month: string;
  duties: number;
  behind: number;
  rows: InspectionDuty[];
}

export const fetchInspections = (month: string, signal?: AbortSignal) =>
  // Visits recorded a moment ago must count: never from a cache.
  fetchJson<InspectionMonth>(`/api/inspections?${new URLSearchParams({ month })}`, { signal, cache: 'no-store' });

export interface VisitInput {
  target_kind: TargetKind;
  target_code: string;
  /** ISO 8601; the server takes now when absent. */
  at?: string;
  covert: boolean;
  note?: string;
}

export const recordVisit = (visit: VisitInput) =>
  fetchJson<{ id: number }>('/api/inspections', { method: 'POST', body: JSON.stringify(visit) });
