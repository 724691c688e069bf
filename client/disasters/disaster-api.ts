// The disaster verification API as the browser calls it: disasters, their impact, the verification plan and its
// tasks, the reports, and the people a task can go to. Shapes mirror server/disasters/*.ts.
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { fetchJson } from '../http/fetch-json.ts';

export const DISASTER_KINDS = ['landslide', 'flood', 'earthquake', 'cold_wave', 'fire', 'other'] as const;
export type DisasterKind = (typeof DISASTER_KINDS)[number];
export const TASK_STATES = ['ready', 'in_progress', 'verified', 'needs_recheck'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export type TaskAction = 'start' | 'save' | 'verify' | 'recheck';
export const FIGURE_KEYS = ['households_affected', 'people_affected', 'houses_collapsed', 'houses_severely_damaged',
  'houses_moderately_damaged', 'houses_slightly_damaged', 'people_relocated'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
export type Figures = Record<FigureKey, number>;
export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02';
export const CRS_CHOICES: Crs[] = ['wgs84', 'cgcs2000', 'gcj02'];
export type ReportKind = 'initial' | 'follow_up' | 'verified';
export const REPORT_KINDS: ReportKind[] = ['initial', 'follow_up', 'verified'];

export interface DisasterRow {
  id: number;
  kind: DisasterKind;
  occurred_at: string;
  description: string | null;
  source: 'drawn' | 'uploaded' | 'buffered';
  created_by: string;
  area_m2: number;
  /** The footprint's envelope, to fly to. */
  bbox: Polygon;
}

export type Disaster = Feature<MultiPolygon, Omit<DisasterRow, 'bbox' | 'id'> & { buffer_m: number | null; tasks: number }> & { id: number };

/** What a new disaster's footprint is before it is sent: a polygon as is, a point or line with a buffer. */
export type FootprintGeometry = Polygon | MultiPolygon | Point | LineString;

export interface Contact {
  name: string;
  phone: string | null;
}

export interface ImpactUnit {
  level: 'township' | 'village' | 'group' | 'grid';
  code: string;
  name: string;
  parent: string | null;
  grids: number;
  households: number;
  people: number;
  risk_points: number;
  responsible: Contact | null;
}

export interface ImpactGrid {
  grid_id: number;
  code: string;
  households: number;
  people: number;
  risk_points: number;
  worker: string | null;
  worker_phone: string | null;
  group_leader: Contact | null;
  village_leader: Contact | null;
  township_leader: Contact | null;
}

export interface Impact {
  buffer_m: number;
  totals: { grids: number; groups: number; villages: number; households: number; people: number; risk_points: number;
    high_risk_points: number; households_outside_grids: number };
  units: ImpactUnit[];
  grids: ImpactGrid[];
}

export interface TaskProps {
  id: number;
  seq: number;
  state: TaskState;
  team: string | null;
  assignee_person_id: number | null;
  assignee_name: string | null;
  assignee_phone: string | null;
  grid_id: number | null;
  grid_code: string | null;
  grid_name: string | null;
  households: number;
  tour_m: number;
  figures: Figures | null;
  verified_by: string | null;
  verified_at: string | null;
  recheck_reason: string | null;
  version: number;
  allowed_actions: TaskAction[];
}
export type Task = Feature<Geometry, TaskProps>;

export interface Visit {
  id: number;
  persons: number;
  lon: number;
  lat: number;
  visit: number;
}
export interface TaskEvent {
  at: string;
  actor: string;
  action: string;
  note: string | null;
}
/** One task as GET …/tasks/{id} answers: its households (in visiting order) replace the count. */
export type TaskDetail = Feature<Geometry, Omit<TaskProps, 'households'> & { households: Visit[]; events: TaskEvent[] }>;

export interface ReportRow {
  id: number;
  kind: ReportKind;
  seq: number;
  produced_at: string;
  produced_by: string;
}

export interface Person {
  id: number;
  name: string;
  phone: string | null;
  role: string;
  jurisdiction: string;
  grid_code: string | null;
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const base = (id: number) => `/api/disasters/${id}`;

export const listDisasters = (signal?: AbortSignal) => fetchJson<{ rows: DisasterRow[] }>('/api/disasters', { signal });
export const getDisaster = (id: number, signal?: AbortSignal) => fetchJson<Disaster>(base(id), { signal });

export function createDisaster(geometry: FootprintGeometry, props: {
  kind: DisasterKind; occurred_at: string; description?: string; source: 'drawn' | 'uploaded'; buffer_m?: number;
}, crs: Crs = 'wgs84') {
  return fetchJson<Disaster>(`/api/disasters?crs=${crs}`, json('POST', { type: 'Feature', geometry, properties: props }));
}

export const fetchImpact = (id: number, buffer: number, signal?: AbortSignal) =>
  fetchJson<Impact>(`${base(id)}/impact?buffer=${buffer}`, { signal });

export const planTasks = (id: number, body: { mode: 'grid' | 'households'; households_per_task?: number; buffer?: number }) =>
  fetchJson<FeatureCollection<Geometry, TaskProps> & { created: number }>(`${base(id)}/tasks`, json('POST', body));

export const listTasks = (id: number, options: { mine?: boolean; signal?: AbortSignal } = {}) =>
  fetchJson<FeatureCollection<Geometry, TaskProps>>(`${base(id)}/tasks${options.mine ? '?mine=true' : ''}`, { signal: options.signal });

export const getTask = (id: number, taskId: number, signal?: AbortSignal) => fetchJson<TaskDetail>(`${base(id)}/tasks/${taskId}`, { signal });

export const assignTask = (id: number, taskId: number, body: { team?: string | null; person_id?: number | null }) =>
  fetchJson<TaskDetail>(`${base(id)}/tasks/${taskId}`, json('PATCH', body));

export const stepTask = (id: number, taskId: number, body: {
  action: TaskAction; figures?: Figures; reason?: string; person_id?: number; version?: number;
}) => fetchJson<TaskDetail>(`${base(id)}/tasks/${taskId}/transitions`, json('POST', body));

export const produceReport = (id: number, kind: ReportKind) => fetchJson<ReportRow>(`${base(id)}/reports`, json('POST', { kind }));
export const listReports = (id: number, signal?: AbortSignal) => fetchJson<{ rows: ReportRow[] }>(`${base(id)}/reports`, { signal });
export const reportUrl = (id: number, reportId: number, format: 'html' | 'csv' | 'xlsx') => `${base(id)}/reports/${reportId}?format=${format}`;

export function listPeople(filter: { unit?: string; name?: string }, signal?: AbortSignal) {
  const q = new URLSearchParams();
  if (filter.unit) q.set('unit', filter.unit);
  if (filter.name) q.set('name', filter.name);
  return fetchJson<{ people: Person[] }>(`/api/people?${q}`, { signal });
}
