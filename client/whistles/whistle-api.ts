// 网格发现、社区吹哨、部门报到: a village or township summons county departments to a hazard beyond its means; each
// reports for duty by a deadline, then records what it did. The server's routes: server/routes/whistles.ts.
import { fetchJson } from '../http/fetch-json.ts';
import type { HazardFeature } from '../hazards/hazard-api.ts';

/** The steps of a whistle the signed-in actor may take on a hazard now (hazard properties.whistle_actions). */
export type WhistleAction = 'blow' | 'acknowledge' | 'act';

/** A county department that can be summoned. */
export interface Department {
  code: string;
  name: string;
  name_en: string;
}

/** One summoned department on a hazard and how it answered (server/whistles/sql/summons.sql); times are ISO 8601. */
export interface Summons {
  department_code: string;
  name: string;
  name_en: string;
  blown_by: string;
  blown_at: string;
  reason: string;
  /** By when it must report for duty. */
  due_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acted_at: string | null;
  action_note: string | null;
  /** When it went up to the county for not reporting in time. */
  escalated_at: string | null;
  /** Reported late, or not yet and the deadline has passed. */
  late: boolean;
}

/** A late or missing report for duty, as the notification (通报) lists it (server/whistles/sql/notification.sql). */
export interface LateDepartment {
  department_code: string;
  name: string;
  hazard_id: number;
  grid_code: string;
  blown_at: string;
  due_at: string;
  acknowledged_at: string | null;
  escalated_at: string | null;
}

/** Per department: whistles answered on time or late, and the hazards closed with its help. */
export interface DepartmentStats {
  code: string;
  name: string;
  name_en: string;
  summoned: number;
  on_time: number;
  late: number;
  acted: number;
  hazards_closed: number;
}

let departments: Promise<Department[]> | null = null;

/** The county's departments; they change with an ordinance, not during a session, so asked once. */
export function fetchDepartments(): Promise<Department[]> {
  departments ??= fetchJson<{ rows: Department[] }>('/api/departments').then((r) => r.rows, (err: unknown) => {
    departments = null; // the next caller asks again
    throw err;
  });
  return departments;
}

export interface WhistleInput {
  departments: string[];
  reason: string;
  ack_hours: number;
}

const post = (id: number, path: string, body: unknown) =>
  fetchJson<HazardFeature>(`/api/hazards/${id}/whistle${path}`, { method: 'POST', body: JSON.stringify(body) });

export const blowWhistle = (id: number, input: WhistleInput) => post(id, '', input);

export const answerWhistle = (id: number, step: 'acknowledge' | 'act', note: string | undefined) => post(id, `/${step}`, { note });

const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();

export const fetchLateNotification = (unit?: string, signal?: AbortSignal) =>
  fetchJson<{ unit: string; rows: LateDepartment[] }>(`/api/departments/notification?${query({ unit })}`, { signal, cache: 'no-store' });

export const fetchDepartmentStats = (unit?: string, signal?: AbortSignal) =>
  fetchJson<{ unit: string; rows: DepartmentStats[] }>(`/api/departments/stats?${query({ unit })}`, { signal, cache: 'no-store' });
