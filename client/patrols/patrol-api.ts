import type { Feature, FeatureCollection, LineString } from 'geojson';
import { ApiError, fetchJson } from '../http/fetch-json.ts';

/** A risk point a patrol passed within 20 m (server/patrols/sql/insert-visits.sql). */
export interface PatrolVisit {
  risk_point_id: number;
  visited_at: string;
  distance_m: number;
}

export interface PatrolProps {
  id: number;
  worker_id: number;
  worker_name: string;
  grid_id: number | null;
  grid_code: string | null;
  started_at: string;
  ended_at: string;
  points: number;
  /** Epoch seconds, one per coordinate. */
  times: number[];
  visits: PatrolVisit[];
}

export type PatrolFeature = Feature<LineString, PatrolProps>;

export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02';

export interface UploadResult {
  patrols: { id: number; started_at: string; ended_at: string; points: number }[];
  removed: { duplicates: number; speed: number; outside: number; short_pieces: number };
}

export interface Person {
  id: number;
  name: string;
  role: string;
  jurisdiction: string;
  grid_code: string | null;
}

export const fetchPatrolDay = (worker: number, day: string, signal?: AbortSignal) =>
  fetchJson<FeatureCollection<LineString, PatrolProps>>(`/api/patrols?worker=${worker}&day=${day}`, { signal, cache: 'no-store' });

export const fetchPatrol = (id: number, signal?: AbortSignal) =>
  fetchJson<PatrolFeature>(`/api/patrols/${id}`, { signal, cache: 'no-store' });

/** Grid workers under the signed-in user's jurisdiction (a worker finds only themself), by a piece of the name. */
export const fetchWorkers = (name: string, signal?: AbortSignal) =>
  fetchJson<{ people: Person[] }>(`/api/people?role=worker${name ? `&name=${encodeURIComponent(name)}` : ''}`, { signal })
    .then((r) => r.people);

/** The file's text as the body: GPX as GPX, anything else as (Geo)JSON; `worker` left out means the signed-in one. */
export async function uploadTrack(file: File, crs: Crs, worker: number | null): Promise<UploadResult> {
  const gpx = /\.gpx$/i.test(file.name) || file.type === 'application/gpx+xml';
  const params = new URLSearchParams({ crs });
  if (worker !== null) params.set('worker', String(worker));
  // fetchJson would label the body JSON; a GPX body must say what it is.
  const res = await fetch(`/api/patrols?${params}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': gpx ? 'application/gpx+xml' : 'application/json' },
    body: await file.text(),
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (body ?? {}) as { error?: string; code?: string; details?: unknown };
    throw new ApiError(res.status, e.code ?? `http_${res.status}`, e.error ?? res.statusText, e.details);
  }
  return body as UploadResult;
}
