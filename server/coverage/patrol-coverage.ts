// Patrol coverage by grid for a period, the risk points overdue for a visit, and the gaps nobody walked lately:
// all read from the grid-day rows kept current when tracks change (server/patrols/patrol-coverage.ts).
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Pool } from '../db/pool.ts';
import { DAY_TIME_ZONE } from '../patrols/patrol-rules.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = { coverage: sql('patrol-coverage.sql'), overdue: sql('overdue-risk-points.sql'), gaps: sql('patrol-gaps.sql') };

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

/** Grids not patrolled in the last `days` days, and every grid's unvisited part in that window, for the map. */
export async function patrolGaps(db: Pool, unit: string, days: number) {
  const { rows } = await db.query(Q.gaps, [unit, days, DAY_TIME_ZONE, GAP_DUST_M2]);
  const features: Feature<Geometry>[] = rows.map(({ geometry, ...props }) => ({ type: 'Feature', id: props.grid_id, geometry, properties: props }));
  const unpatrolled = rows.filter((r) => !r.patrolled)
    .map((r) => ({ grid_id: r.grid_id, code: r.code, name: r.name, worker_name: r.worker_name, last_patrolled_at: r.last_patrolled_at }));
  const gaps: FeatureCollection<Geometry> = { type: 'FeatureCollection', features };
  return { unit, days, unpatrolled, gaps };
}
