// Coverage per grid and day, and risk-point visits, kept current inside the transaction that changes tracks.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import {
  COVER_LATTICE_M, COVER_LINE_MAX_VERTICES, COVER_RADIUS_M, COVER_SIMPLIFY_M, DAY_TIME_ZONE, VISIT_RADIUS_M,
} from './patrol-rules.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = { clear: sql('clear-coverage.sql'), refresh: sql('refresh-coverage.sql'), visits: sql('insert-visits.sql') };

export interface GridDay {
  gridId: number;
  /** A local day, YYYY-MM-DD. */
  day: string;
}

/** Recomputes these grid-days from all their tracks (a day with none left loses its row). */
export async function refreshCoverage(client: pg.ClientBase, gridDays: GridDay[]): Promise<void> {
  if (gridDays.length === 0) return;
  const ids = gridDays.map((g) => g.gridId);
  const days = gridDays.map((g) => g.day);
  await client.query(Q.clear, [ids, days]);
  await client.query(Q.refresh, [ids, days, DAY_TIME_ZONE, COVER_RADIUS_M, COVER_SIMPLIFY_M, COVER_LATTICE_M, COVER_LINE_MAX_VERTICES]);
  // The gaps cached for these grids no longer hold.
  await client.query('delete from patrol_gap where grid_id = any($1)', [ids]);
}

/** The risk points the new patrols passed. */
export async function recordVisits(client: pg.ClientBase, patrolIds: number[]): Promise<void> {
  if (patrolIds.length > 0) await client.query(Q.visits, [patrolIds, VISIT_RADIUS_M]);
}
