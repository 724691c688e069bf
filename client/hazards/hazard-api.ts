import { fetchJson } from '../http/fetch-json.ts';
import type { Summons, WhistleAction } from '../whistles/whistle-api.ts';

export type Severity = 'minor' | 'general' | 'major';
export type HazardStatus = 'reported' | 'fixed_on_spot' | 'assigned' | 'rectifying' | 'rectified' | 'accepted' | 'closed'
  | 'escalated' | 'supervised' | 'rejected';
export type HazardAction = 'fix_on_spot' | 'assign' | 'start' | 'rectify' | 'accept' | 'escalate' | 'supervise' | 'reject';

/** The five fixes (五定) of an assignment: who, how, by when, with what money, accepted by whom. */
export interface FiveFixes {
  responsible: string;
  measures: string;
  /** ISO 8601 */
  deadline: string;
  funds: string;
  acceptor: string;
}

export interface HazardEvent {
  at: string;
  /** A username, or 'system' for the automatic escalation of overdue hazards. */
  actor: string;
  action: HazardAction | 'report' | 'overdue_escalated' | 'whistle' | 'department_acknowledged' | 'department_acted' | 'department_late';
  note: string | null;
}

/** A hazard as GET /api/hazards/{id} describes it: the tile attributes plus its history and what may happen next. */
export interface HazardDetail {
  id: number;
  category: string;
  severity: Severity;
  status: HazardStatus;
  description: string | null;
  found_by: string;
  reported_at: string;
  deadline: string | null;
  closed_at: string | null;
  /** 0 (the grid worker) to 4 (the chief grid leader): one step each time the deadline passes. */
  escalation_level: number;
  five_fixes: FiveFixes | null;
  /** The username of who rectified it (or fixed it on the spot): they may not accept it themselves. */
  rectified_by: string | null;
  rejected_reason: string | null;
  grid_code: string;
  grid_name: string | null;
  reporter: string | null;
  overdue: boolean;
  events: HazardEvent[];
  /** The state's next steps (what a 409 lists). */
  allowed_actions: HazardAction[];
  /** Those of them the signed-in person may take. */
  actor_actions?: HazardAction[];
  /** The departments summoned to it (吹哨), oldest whistle first. */
  whistle?: Summons[];
  /** The whistle's steps the signed-in actor may take now; absent from an older server, which offers none. */
  whistle_actions?: WhistleAction[];
}

export interface HazardFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: HazardDetail;
}

export const fetchHazard = (id: number | string, signal?: AbortSignal) =>
  // The allowed actions and the history change with every step and depend on who asks: never from a cache.
  fetchJson<HazardFeature>(`/api/hazards/${encodeURIComponent(id)}`, { signal, cache: 'no-store' });

export interface HazardReport {
  category: string;
  severity: Severity;
  description?: string;
}

export const reportHazard = (at: [number, number], report: HazardReport) =>
  fetchJson<HazardFeature>('/api/hazards', {
    method: 'POST',
    body: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: report }),
  });

export type TransitionInput = { action: HazardAction; note?: string; reason?: string } & Partial<FiveFixes>;

export const transitionHazard = (id: number, input: TransitionInput) =>
  fetchJson<HazardFeature>(`/api/hazards/${id}/transitions`, { method: 'POST', body: JSON.stringify(input) });

