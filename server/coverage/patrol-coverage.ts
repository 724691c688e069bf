// Patrol coverage by grid for a period, the risk points overdue for a visit, and the gaps nobody walked lately:
// all read from the grid-day rows kept current when tracks change (server/patrols/patrol-coverage.ts).
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Pool } from '../db/pool.ts';
import { DAY_TIME_ZONE, DAY_UTC_OFFSET_S } from '../patrols/patrol-rules.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = {
  coverage: sql('patrol-coverage.sql'), overdue: sql('overdue-risk-points.sql'), fillGaps: sql('fill-gaps.sql'), gaps: sql('patrol-gaps.sql'),
};

/** Unvisited pieces smaller than this are the dust of two boundaries a hair apart. */
export const GAP_DUST_M2 = 1;

/** Per grid over [from, to) (local days): coverage %, last patrolled, risk points visited and due; and overdue points. */
export async function patrolCoverage(db: Pool, unit: string, from: string, to: string) {
  const [grids, overdue] = await Promise.all([
    db.query(Q.coverage, [unit, from, to, DAY_TIME_ZONE]),
    db.query(Q.overdue, [unit]),
  ]);
  return { unit, from, to, grids: grids.rows, overdue_risk_points: overdue.rows };
}

/**
 * How much the unvisited parts are simplified on the way out, by the unit asked for (degrees; 1e-5° is about a
 * metre): a county's gaps drawn at county scale need no metre detail, and unsimplified they are some 20 MB.
 */
const GAP_OUTPUT_TOLERANCE: Record<number, number> = { 6: 5e-5, 9: 2e-5, 12: 5e-6 };

/** The windows kept warm in the gap cache: the map's default week and the month leaders review. */
export const WARM_GAP_WINDOWS = [7, 30];

/** Today in the county (the last day of every window). */
export const localToday = (now = new Date()) => new Date(now.getTime() + DAY_UTC_OFFSET_S * 1000).toISOString().slice(0, 10);

/**
 * Computes the cached gaps that are missing or stale for a unit and window, township by township so that no one
 * statement runs into the pool's statement timeout on a cold county; returns how many grids it computed. Two
 * rows for one grid computed at once by two requests end as one (the insert's conflict clause).
 */
export async function fillGaps(db: Pool, unit: string, days: number, now = new Date()): Promise<number> {
  const parts = unit.length > 6 ? [unit]
    : (await db.query<{ code: string }>(`select code from admin_unit where parent_code = $1 order by code`, [unit])).rows.map((r) => r.code);
  // Two townships at a time: the merge is CPU-bound in PostgreSQL, and two backends use two cores.
  let computed = 0;
  const queue = [...parts];
  const worker = async () => {
    for (let part = queue.shift(); part; part = queue.shift()) {
      const { rowCount } = await db.query(Q.fillGaps, [part, days, localToday(now), GAP_DUST_M2]);
      computed += rowCount ?? 0; // after the await: `computed += await …` would add to a stale total
    }
  };
  await Promise.all([worker(), worker()]);
  return computed;
}

/**
 * Keeps the usual windows of every county warm, and drops days gone by: run at start and by a timer, so the first
 * leader to open the gaps after midnight does not wait for the county's merge.
 */
export async function warmGaps(db: Pool, now = new Date()): Promise<number> {
  await db.query('delete from patrol_gap where as_of < $1::date', [localToday(now)]);
  const { rows } = await db.query('select distinct county_code from grid where retired_at is null');
  let computed = 0;
  for (const { county_code: county } of rows) for (const days of WARM_GAP_WINDOWS) computed += await fillGaps(db, county, days, now);
  return computed;
}

/** Grids not patrolled in the last `days` days, and every grid's unvisited part in that window, for the map. */
export async function patrolGaps(db: Pool, unit: string, days: number, now = new Date()) {
  await fillGaps(db, unit, days, now);
  const { rows } = await db.query(Q.gaps, [unit, days, localToday(now), GAP_OUTPUT_TOLERANCE[unit.length] ?? 0]);
  const features: Feature<Geometry>[] = rows.map(({ geometry, ...props }) => ({ type: 'Feature', id: props.grid_id, geometry, properties: props }));
  const unpatrolled = rows.filter((r) => !r.patrolled)
    .map((r) => ({ grid_id: r.grid_id, code: r.code, name: r.name, worker_name: r.worker_name, last_patrolled_at: r.last_patrolled_at }));
  const gaps: FeatureCollection<Geometry> = { type: 'FeatureCollection', features };
  return { unit, days, unpatrolled, gaps };
}
