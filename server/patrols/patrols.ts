// Patrol tracks: ingest (convert, clean, split, store, and count coverage in the same transaction), read back with
// per-point times for playback, and delete a worker's day. No HTTP here.
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, LineString } from 'geojson';
import type pg from 'pg';
import { covers, type Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { gcj02ToWgs84, type Crs } from '../grids/crs.ts';
import { badRequest, forbidden, notFound, unprocessable } from '../http/errors.ts';
import { refreshCoverage, recordVisits } from './patrol-coverage.ts';
import { DAY_TIME_ZONE, OUTSIDE_BUFFER_M } from './patrol-rules.ts';
import { dropSpeeding, filterPoints, sortAndDedupe, splitPieces, type Removed } from './track-cleaning.ts';
import type { TimedPoints } from './track-input.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = {
  worker: sql('patrol-worker.sql'),
  outside: sql('outside-county.sql'),
  insert: sql('insert-patrols.sql'),
  deleteDay: sql('delete-day.sql'),
  features: sql('patrol-features.sql'),
};

export interface Worker {
  id: number;
  role: string;
  jurisdiction: string;
  county_code: string;
  grid_id: number | null;
  grid_code: string | null;
}

export interface StoredPatrol {
  id: number;
  started_at: string;
  ended_at: string;
  points: number;
}

export async function findWorker(db: Pool | pg.ClientBase, id: number): Promise<Worker> {
  const { rows } = await db.query<Worker>(Q.worker, [id]);
  if (!rows[0]) throw notFound(`No person ${id}.`);
  return rows[0];
}

/** The worker themself, or a leader or the chief whose jurisdiction covers the worker's grid, may write their tracks. */
export function mayWriteTracks(actor: Actor, worker: Worker): boolean {
  if (actor.personId === worker.id) return true;
  return (actor.role === 'leader' || actor.role === 'chief') && covers(actor.jurisdiction, worker.grid_code ?? worker.jurisdiction);
}

/** The worker a request names (?worker=), by default the signed-in person, checked for permission to write. */
export async function writableWorker(db: Pool, actor: Actor, workerId: number | undefined): Promise<Worker> {
  const id = workerId ?? actor.personId;
  if (id == null) throw badRequest('missing_worker', 'Name the grid worker (?worker=person id): your account is not a person.');
  const worker = await findWorker(db, id);
  if (!mayWriteTracks(actor, worker)) {
    throw forbidden(`You may not write the tracks of person ${id}: only the worker, or a leader whose jurisdiction covers their grid.`);
  }
  return worker;
}

/** Positions as stored (WGS84): GCJ-02 from Chinese map SDKs is converted; CGCS2000 is taken as WGS84 (centimetres). */
function toWgs84(points: TimedPoints, crs: Crs): TimedPoints {
  if (crs !== 'gcj02') return points;
  const lon = new Array<number>(points.t.length);
  const lat = new Array<number>(points.t.length);
  for (let i = 0; i < points.t.length; i++) [lon[i], lat[i]] = gcj02ToWgs84([points.lon[i], points.lat[i]]);
  return { lon, lat, t: points.t };
}

export interface IngestResult {
  patrols: StoredPatrol[];
  removed: Removed;
}

/**
 * Cleans a track and stores its pieces as the worker's patrols, with their risk-point visits and the coverage of
 * every grid-day they touch, all in one transaction: a refused track writes nothing.
 */
export async function ingestTrack(db: Pool, worker: Worker, raw: TimedPoints, crs: Crs): Promise<IngestResult> {
  if (raw.t.length === 0) throw badRequest('empty_track', 'The track has no points.');
  if (worker.role !== 'worker' || worker.grid_id == null) {
    throw unprocessable('no_grid', `Person ${worker.id} is not the grid worker of a live grid; patrols count for a worker's own grid.`);
  }
  const { points: sorted, duplicates } = sortAndDedupe(toWgs84(raw, crs));
  return withTransaction(db, async (client) => {
    const { rows: [o] } = await client.query(Q.outside, [sorted.lon, sorted.lat, OUTSIDE_BUFFER_M, worker.county_code]);
    const outsideSet = new Set<number>(o.outside);
    const inside = filterPoints(sorted, (i) => !outsideSet.has(i));
    const { points, speed } = dropSpeeding(inside);
    const { piece, pieces, short_pieces } = splitPieces(points);
    const removed: Removed = { duplicates, speed, outside: outsideSet.size, short_pieces };
    if (pieces === 0) {
      throw unprocessable('no_points_left', `Cleaning left no patrol of two points or more (removed: ${duplicates} duplicates, `
        + `${speed} at impossible speed, ${outsideSet.size} outside the county, ${short_pieces} single-point pieces).`, { removed });
    }
    const { rows } = await client.query(Q.insert, [points.lon, points.lat, points.t, Array.from(piece), worker.county_code,
      worker.id, worker.grid_id, DAY_TIME_ZONE]);
    await recordVisits(client, rows.map((r) => r.id));
    await refreshCoverage(client, rows.map((r) => ({ gridId: r.grid_id, day: r.day })));
    rows.sort((a, b) => a.started_at - b.started_at);
    return {
      patrols: rows.map((r) => ({ id: r.id, started_at: r.started_at.toISOString(), ended_at: r.ended_at.toISOString(), points: r.points })),
      removed,
    };
  });
}

/** Deletes a worker's tracks of one local day and recomputes the coverage of the grid-days they were in. */
export async function deleteDay(db: Pool, worker: Worker, day: string): Promise<{ deleted: number; grid_days: { grid_id: number; day: string }[] }> {
  return withTransaction(db, async (client) => {
    const { rows } = await client.query(Q.deleteDay, [worker.id, day, DAY_TIME_ZONE]);
    const gridDays = [...new Map(rows.filter((r) => r.grid_id != null)
      .map((r) => [`${r.grid_id}:${r.day}`, { gridId: r.grid_id as number, day: r.day as string }])).values()];
    await refreshCoverage(client, gridDays);
    return { deleted: rows.length, grid_days: gridDays.map((g) => ({ grid_id: g.gridId, day: g.day })) };
  });
}

export interface PatrolQuery {
  id?: number;
  workerId?: number;
  /** A local day, YYYY-MM-DD. */
  day?: string;
}

/** The bounds of a local day as instants (China Standard Time, no daylight saving). */
export function dayBounds(day: string): [Date, Date] {
  const start = new Date(`${day}T00:00:00+08:00`);
  return [start, new Date(start.getTime() + 86400e3)];
}

type PatrolFeature = Feature<LineString, Record<string, unknown>>;

/** Patrols with per-point times (properties.times, epoch seconds, one per coordinate) for playback. */
export async function listPatrols(db: Pool, actor: Actor, q: PatrolQuery): Promise<FeatureCollection<LineString>> {
  const [from, to] = q.day ? dayBounds(q.day) : [null, null];
  const { rows } = await db.query(Q.features, [actor.jurisdiction, q.id ?? null, q.workerId ?? null, from, to]);
  return {
    type: 'FeatureCollection',
    features: rows.map(({ geometry, ...props }): PatrolFeature => ({ type: 'Feature', id: props.id, geometry, properties: props })),
  };
}

export async function getPatrol(db: Pool, actor: Actor, id: number): Promise<PatrolFeature> {
  const { features } = await listPatrols(db, actor, { id });
  if (!features[0]) throw notFound(`No patrol ${id} within your jurisdiction.`);
  return features[0] as PatrolFeature;
}
