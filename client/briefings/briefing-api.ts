import type { TrendMonth } from '../dashboard/dashboard-api.ts';
import { fetchJson } from '../http/fetch-json.ts';

/**
 * Whom a brief is about: an administrative unit (leaders, the chief) or a county department (its account, the chief).
 * Empty: a department account's own department, which the server knows when the session does not say.
 */
export type Subject = { unit: string } | { department: string } | Record<string, never>;

export interface BriefHazard {
  id: number;
  category: string;
  severity: 'minor' | 'general' | 'major';
  status: string;
  reported_at: string;
  deadline: string | null;
  grid_code: string;
  grid_name: string | null;
  responsible: string | null;
  escalation_level: number;
}

export interface BriefFigures {
  found: number;
  closed: number;
  open: number;
  overdue: number;
  major_open: number;
  major_risk_points: number;
  major_risk_points_with_open_hazards: number;
  grids: number;
  grids_patrolled: number;
  grids_unpatrolled_7d: number;
  patrol_coverage: number | null;
}

/** The content of a brief (server/briefings/briefings.ts composeBrief): a preview, or what a kept brief holds. */
export interface BriefContent {
  unit?: { code: string; name: string; level: string };
  /** A department's brief names its department instead. */
  department?: { code: string; name: string; name_en?: string | null } | null;
  month: string;
  generated_at: string;
  figures: BriefFigures;
  major_open: BriefHazard[];
  overdue: BriefHazard[];
  hot_spots: { code: string; name: string | null; count: number; gi_z: number; class: string }[];
  trend: TrendMonth[];
}

export interface BriefTask {
  id: number;
  title: string;
  assignee: string;
  /** YYYY-MM-DD */
  due: string;
  status: 'open' | 'done';
}

export interface KeptBrief {
  id: number;
  unit_code: string | null;
  department_code?: string | null;
  month: string;
  generated_at: string;
  generated_by: string;
  content: BriefContent;
  minutes: string | null;
  minutes_by: string | null;
  minutes_at: string | null;
  tasks: BriefTask[];
}

export interface BriefListRow {
  id: number;
  unit_code: string | null;
  department_code: string | null;
  month: string;
  generated_at: string;
  generated_by: string;
  unit_name?: string | null;
  department_name?: string | null;
  has_minutes: boolean;
  open_tasks: number;
  tasks: number;
}

export interface Decision {
  title: string;
  assignee: string;
  /** YYYY-MM-DD */
  due: string;
}

const query = (subject: Subject, month: string) => new URLSearchParams({ ...subject, month }).toString();
// Briefs change as they are generated, minuted and worked off: never from a cache.
const fresh = { cache: 'no-store' } as const;

export const previewBrief = (subject: Subject, month: string, signal?: AbortSignal) =>
  fetchJson<BriefContent>(`/api/briefings/preview?${query(subject, month)}`, { signal, ...fresh });

export const generateBrief = (subject: Subject, month: string) =>
  fetchJson<KeptBrief>('/api/briefings', { method: 'POST', body: JSON.stringify({ ...subject, month }) });

export const listBriefs = (subject: Subject, month: string, signal?: AbortSignal) =>
  fetchJson<{ rows: BriefListRow[] }>(`/api/briefings?${query(subject, month)}`, { signal, ...fresh });

export const fetchBrief = (id: number, signal?: AbortSignal) => fetchJson<KeptBrief>(`/api/briefings/${id}`, { signal, ...fresh });

export const printUrl = (id: number) => `/api/briefings/${id}/print`;

export const recordMinutes = (id: number, minutes: string, decisions: Decision[]) =>
  fetchJson<KeptBrief>(`/api/briefings/${id}/minutes`, { method: 'POST', body: JSON.stringify({ minutes, decisions }) });

export const setTaskStatus = (taskId: number, status: BriefTask['status']) =>
  fetchJson<BriefTask>(`/api/briefings/tasks/${taskId}`, { method: 'PATCH', body: JSON.stringify({ status }) });

export interface Department {
  code: string;
  name: string;
  name_en: string | null;
}

export const fetchDepartments = (signal?: AbortSignal) => fetchJson<{ rows: Department[] }>('/api/departments', { signal });
