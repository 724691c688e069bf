// Auto-split: proposes micro-grids of 10–20 households for a village group (the county's rule), compact and
// following the group boundary, never cutting a household off; the planner previews, adjusts, then accepts, and
// the proposals replace the group's grids in one transaction.
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import { assertCovers } from '../auth/planner.ts';
import type { Pool } from '../db/pool.ts';
import { notFound, unprocessable } from '../http/errors.ts';
import { bisectPoints } from './bisect-households.ts';
import { fitGrid, insertGrid, link, lockGroup, record, settle } from './grid-edits.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const HOUSEHOLDS = sql('auto-split-households.sql');
const CELLS = sql('auto-split-cells.sql');
const COUNT = sql('count-in-polygons.sql');

export const DEFAULT_SIZE = { min: 10, max: 20 };

/** Households and persons inside each polygon: the counts of proposals a planner has reshaped. */
export async function countHouseholds(db: Pool, polygons: Polygon[]) {
  const { rows } = await db.query(COUNT, [JSON.stringify(polygons)]);
  return rows as { index: number; households: number; population: number }[];
}

export async function proposeSplit(db: Pool, groupCode: string, size = DEFAULT_SIZE) {
  const group = (await db.query(`select code, name, st_asgeojson(geom, 9)::json as geometry from admin_unit
                                 where code = $1 and level = 'group'`, [groupCode])).rows[0];
  if (!group) throw notFound(`No village group ${groupCode}.`);
  const households = (await db.query(HOUSEHOLDS, [groupCode])).rows as { id: number; x: number; y: number; persons: number }[];
  const parts = bisectPoints(households, size.min, size.max);
  let features: Feature<Polygon>[];
  if (parts.length <= 1) {
    // One proposal: the whole group (a MultiPolygon group of one part is that part).
    const coords = group.geometry.coordinates[0];
    features = [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: coords }, properties: {} }];
  } else {
    const ids = parts.flatMap((p) => p.map((h) => h.id));
    const idx = parts.flatMap((p, i) => p.map(() => i));
    const { rows } = await db.query(CELLS, [groupCode, ids, idx]);
    features = rows.map((r) => ({ type: 'Feature', geometry: r.geometry, properties: {} }));
  }
  features.forEach((f, i) => {
    const members = parts[i] ?? [];
    f.properties = { index: i, households: members.length, population: members.reduce((s, h) => s + h.persons, 0) };
  });
  const sizes = features.map((f) => f.properties!.households as number);
  const current = (await db.query('select count(*)::int as n from grid where group_code = $1 and retired_at is null', [groupCode])).rows[0].n;
  return {
    group_code: groupCode,
    group_name: group.name,
    proposals: { type: 'FeatureCollection', features } as FeatureCollection<Polygon>,
    summary: { households: households.length, proposals: features.length, min_households: Math.min(...sizes),
      max_households: Math.max(...sizes), current_grids: current, rule: size },
  };
}

/**
 * Replaces the live grids of a group by the (possibly adjusted) proposals: the old ones retire, each proposal is
 * checked like any drawn grid (inside the group, over no earlier proposal), takes the worker of the old grid it
 * overlaps most (each worker once), and the lineage records which old grids it came from.
 */
export async function acceptSplit(client: pg.ClientBase, actor: Actor, groupCode: string, proposals: Polygon[],
                                  reason?: string): Promise<number[]> {
  assertCovers(actor, groupCode);
  await lockGroup(client, groupCode);
  const old = (await client.query(`select id, worker_id, kind from grid where group_code = $1 and retired_at is null
                                   order by id for update`, [groupCode])).rows as { id: number; worker_id: number | null }[];
  for (const g of old) {
    await client.query('update grid set retired_at = now(), retired_by = $2, version = version + 1, updated_at = now(), updated_by = $2 where id = $1',
      [g.id, actor.username]);
    await record(client, g.id, 'auto_split', reason, actor);
  }
  const created: number[] = [];
  const workersTaken = new Set<number>();
  for (const [i, polygon] of proposals.entries()) {
    let fitted: string;
    try {
      fitted = await fitGrid(client, polygon, groupCode, []);
    } catch (err) {
      if (err instanceof Error && 'details' in err) (err as { message: string }).message = `Proposal ${i + 1}: ${err.message}`;
      throw err;
    }
    const { rows: sources } = await client.query(`
      select o.id, o.worker_id from grid o, (select $2::geometry as g) p
      where o.id = any($1::bigint[]) and o.geom && p.g and st_area(st_intersection(o.geom, p.g)) > 0
      order by st_area(st_intersection(o.geom, p.g)) desc`, [old.map((g) => g.id), fitted]);
    const worker = sources.find((s) => s.worker_id !== null && !workersTaken.has(s.worker_id))?.worker_id ?? null;
    if (worker !== null) workersTaken.add(worker);
    const id = await insertGrid(client, actor, groupCode, fitted, { kind: 'residential', workerId: worker }, 'auto_split', reason);
    for (const s of sources) {
      await link(client, s.id, id, 'auto_split');
    }
    created.push(id);
  }
  if (!created.length) throw unprocessable('no_proposals', 'Send at least one proposed grid.');
  await settle(client, groupCode);
  return created;
}
