import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { Pool } from '../db/pool.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const GAPS = sql('partition-gaps.sql');
const HOUSEHOLDS_OUTSIDE = sql('households-outside.sql');

/** Pieces under this are floating-point dust along shared edges, not counted at all. */
export const DUST_M2 = 1;
/** …or thinner than this (see gw_is_dust in migration 0003). */
export const DUST_WIDTH_M = 0.1;
/**
 * Gaps and overlaps under this (the smallest grid a planner may draw) are slivers left by cutting: too small to be
 * a blind spot and never hiding a household, since households in no grid are listed on their own. They are
 * counted in totals.slivers, not drawn.
 */
export const SLIVER_M2 = 100;

export async function partitionGaps(db: Pool, unit: string) {
  const [parts, outside] = await Promise.all([
    db.query(GAPS, [unit, DUST_M2, DUST_WIDTH_M]),
    db.query(HOUSEHOLDS_OUTSIDE, [unit]),
  ]);
  const gaps: Feature<Geometry>[] = [];
  const overlaps: Feature<Geometry>[] = [];
  let slivers = 0;
  let sliverArea = 0;
  for (const r of parts.rows) {
    if (r.m2 < SLIVER_M2) {
      slivers++;
      sliverArea += r.m2;
    } else if (r.kind === 'gap') {
      gaps.push({ type: 'Feature', geometry: r.geometry, properties: { group_code: r.group_code, area_m2: r.m2, households: r.households } });
    } else {
      overlaps.push({ type: 'Feature', geometry: r.geometry, properties: { grid_ids: r.grid_ids, area_m2: r.m2 } });
    }
  }
  const households: Feature<Point>[] = outside.rows.map((r) => ({
    type: 'Feature', id: r.id, geometry: r.geometry, properties: { id: r.id, persons: r.persons },
  }));
  const sum = (fs: Feature[]) => fs.reduce((s, f) => s + (f.properties?.area_m2 as number), 0);
  const fc = <T extends Geometry>(features: Feature<T>[]): FeatureCollection<T> => ({ type: 'FeatureCollection', features });
  return {
    unit,
    tolerance_m2: SLIVER_M2,
    totals: {
      gaps: gaps.length, gap_area_m2: sum(gaps), overlaps: overlaps.length, overlap_area_m2: sum(overlaps),
      households_outside: households.length, slivers, sliver_area_m2: sliverArea,
    },
    gaps: fc(gaps),
    overlaps: fc(overlaps),
    households_outside: fc(households),
  };
}
