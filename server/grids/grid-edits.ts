// Editing the micro-grid partition: create, update, retire, split, merge, restore. Each runs inside the caller's
// transaction and leaves the group a partition again: the grid checked against its group and neighbours, a history
// row, households, risk points and open hazards re-attributed, counts recounted. No HTTP here.
import { readFileSync } from 'node:fs';
import type { Geometry, LineString, Polygon } from 'geojson';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import { assertCovers } from '../auth/planner.ts';
import { badRequest, conflict, notFound, unprocessable } from '../http/errors.ts';
import type { GridKind } from './grid-shape.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = {
  checkShape: sql('check-shape.sql'),
  fitToGroup: sql('fit-to-group.sql'),
  nextCode: sql('next-code.sql'),
  insert: sql('insert-grid.sql'),
  update: sql('update-grid.sql'),
  retire: sql('retire-grid.sql'),
  recordVersion: sql('record-version.sql'),
  lock: sql('lock-grid.sql'),
  reattribute: sql('reattribute.sql'),
  recount: sql('recount.sql'),
  split: sql('split-grid.sql'),
  merge: sql('merge-grids.sql'),
  inferGroup: sql('infer-group.sql'),
};

/** Overlaps and parts outside the group smaller than this, or thinner than SNAP_TOLERANCE_WIDTH_M, are trimmed
 * away, not rejected (see gw_is_dust in migration 0003). */
export const SNAP_TOLERANCE_M2 = 1;
export const SNAP_TOLERANCE_WIDTH_M = 0.1;
/** A grid smaller than this is a sliver, not a grid. */
export const MIN_GRID_AREA_M2 = 100;

export type GridAction = 'create' | 'update' | 'delete' | 'split' | 'merge' | 'restore' | 'import' | 'auto_split';

interface LockedGrid {
  id: number;
  code: string;
  group_code: string;
  kind: GridKind;
  name: string;
  worker_id: number | null;
  version: number;
  retired_at: Date | null;
}

export interface GridAttributes {
  kind?: GridKind;
  name?: string;
  /** null unassigns the worker; undefined keeps the one there is. */
  workerId?: number | null;
}

/** Edits of one group wait for each other: two planners filling the same gap must not both succeed. */
export async function lockGroup(client: pg.ClientBase, groupCode: string): Promise<void> {
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`grid-group:${groupCode}`]);
}

async function lockGrid(client: pg.ClientBase, id: number, opts: { live: boolean } = { live: true }): Promise<LockedGrid> {
  const { rows } = await client.query<LockedGrid>(Q.lock, [id]);
  const grid = rows[0];
  if (!grid || (opts.live && grid.retired_at)) throw notFound(`No live grid with id ${id}.`);
  return grid;
}

function checkVersion(grid: LockedGrid, expected: number | null): void {
  if (expected !== null && expected !== grid.version) {
    throw conflict('version_conflict',
      `Grid ${grid.code} was changed by someone else (now version ${grid.version}, you edited ${expected}); reload it and edit again.`,
      { current_version: grid.version });
  }
}

/** A 422 for a polygon that is not valid (a bow-tie, a ring crossing itself), pointing at where it fails. */
export async function checkShape(client: pg.ClientBase, polygon: Polygon): Promise<void> {
  const shape = (await client.query(Q.checkShape, [JSON.stringify(polygon)])).rows[0];
  if (!shape.valid) {
    throw unprocessable('invalid_geometry', `The polygon is not valid: ${shape.reason}.`, { reason: shape.reason, where: shape.location });
  }
}

/**
 * The candidate polygon as it will be stored, or a 422 that says what is wrong and where: not a valid polygon
 * (details.where: the self-intersection), outside its group (the part outside), over a neighbour (the overlap),
 * or too small. Slivers of outside or overlap under SNAP_TOLERANCE_M2 are trimmed off instead.
 */
/** Returns the polygon to store, as EWKB hex. */
export async function fitGrid(client: pg.ClientBase, polygon: Polygon, groupCode: string, notNeighbours: number[]): Promise<string> {
  await checkShape(client, polygon);
  const geojson = JSON.stringify(polygon);
  const fit = (await client.query(Q.fitToGroup, [geojson, groupCode, notNeighbours, SNAP_TOLERANCE_M2, SNAP_TOLERANCE_WIDTH_M])).rows[0];
  if (fit.outside_m2 > SNAP_TOLERANCE_M2) {
    throw unprocessable('outside_parent',
      `${Math.round(fit.outside_m2)} m² of the grid lie outside its village group ${groupCode}.`,
      { area_m2: fit.outside_m2, group_code: groupCode, tolerance_m2: SNAP_TOLERANCE_M2, tolerance_width_m: SNAP_TOLERANCE_WIDTH_M, where: fit.outside });
  }
  if (fit.overlap_m2 > SNAP_TOLERANCE_M2) {
    throw unprocessable('overlaps_neighbour',
      `The grid overlaps ${fit.neighbour_ids.length} neighbouring grid(s) by ${Math.round(fit.overlap_m2)} m².`,
      { area_m2: fit.overlap_m2, neighbour_ids: fit.neighbour_ids, tolerance_m2: SNAP_TOLERANCE_M2, tolerance_width_m: SNAP_TOLERANCE_WIDTH_M, where: fit.overlap });
  }
  if (!fit.fitted || fit.fitted_m2 < MIN_GRID_AREA_M2) {
    throw unprocessable('too_small', `A grid must cover at least ${MIN_GRID_AREA_M2} m²; this one covers ${Math.round(fit.fitted_m2)} m².`,
      { area_m2: fit.fitted_m2, min_area_m2: MIN_GRID_AREA_M2, where: polygon });
  }
  if (fit.scattered_m2 > SNAP_TOLERANCE_M2) {
    throw unprocessable('invalid_geometry', 'Within its group the grid would fall into separate pieces.',
      { area_m2: fit.scattered_m2, where: polygon });
  }
  return fit.fitted;
}

async function nextCode(client: pg.ClientBase, groupCode: string): Promise<{ code: string; seq: number }> {
  const seq = (await client.query(Q.nextCode, [groupCode])).rows[0].seq as number;
  if (seq > 99) throw unprocessable('group_full', `Group ${groupCode} has used all 99 grid codes.`);
  return { code: `${groupCode}${String(seq).padStart(2, '0')}`, seq };
}

async function groupName(client: pg.ClientBase, groupCode: string): Promise<string> {
  const { rows } = await client.query(`select name from admin_unit where code = $1 and level = 'group'`, [groupCode]);
  if (!rows[0]) throw unprocessable('unknown_group', `There is no village group ${groupCode}.`);
  return rows[0].name;
}

export async function record(client: pg.ClientBase, id: number, action: GridAction, reason: string | undefined, actor: Actor) {
  await client.query(Q.recordVersion, [id, action, reason ?? null, actor.username]);
}

/** Records that child came from parent, so what was recorded in the parent is found from the child. */
export async function link(client: pg.ClientBase, parent: number, child: number, action: 'split' | 'merge' | 'auto_split') {
  await client.query(`insert into grid_lineage (county_code, parent_id, child_id, action)
                      select county_code, $1, id, $3 from grid where id = $2`, [parent, child, action]);
}

/** Households, risk points and open hazards follow the new boundaries; grid counts follow them. */
export async function settle(client: pg.ClientBase, groupCode: string): Promise<void> {
  await client.query(Q.reattribute, [groupCode]);
  await client.query(Q.recount, [groupCode]);
}

async function checkWorker(client: pg.ClientBase, workerId: number | null | undefined): Promise<void> {
  if (workerId === undefined || workerId === null) return;
  const { rows } = await client.query(`select 1 from person where id = $1 and role = 'worker'`, [workerId]);
  if (!rows[0]) throw unprocessable('unknown_worker', `There is no grid worker with id ${workerId}.`);
}

export async function insertGrid(client: pg.ClientBase, actor: Actor, groupCode: string, fitted: string,
                          attrs: GridAttributes, action: GridAction, reason?: string): Promise<number> {
  const { code, seq } = await nextCode(client, groupCode);
  const name = attrs.name ?? `${await groupName(client, groupCode)}${seq}号网格`;
  const { rows } = await client.query(Q.insert, [code, name, groupCode, attrs.kind ?? 'residential', attrs.workerId ?? null,
    fitted, actor.username]);
  await record(client, rows[0].id, action, reason, actor);
  return rows[0].id;
}

export async function inferGroup(client: pg.ClientBase, polygon: Polygon): Promise<string> {
  await checkShape(client, polygon);
  const { rows } = await client.query(Q.inferGroup, [JSON.stringify(polygon)]);
  if (!rows[0]) throw unprocessable('outside_parent', 'The polygon lies in no village group.', { where: polygon });
  return rows[0].code;
}

export async function createGrid(client: pg.ClientBase, actor: Actor, input: {
  polygon: Polygon; groupCode?: string; attrs: GridAttributes; reason?: string; action?: GridAction;
}): Promise<number> {
  const groupCode = input.groupCode ?? await inferGroup(client, input.polygon);
  assertCovers(actor, groupCode);
  await checkWorker(client, input.attrs.workerId);
  await lockGroup(client, groupCode);
  const fitted = await fitGrid(client, input.polygon, groupCode, []);
  const id = await insertGrid(client, actor, groupCode, fitted, input.attrs, input.action ?? 'create', input.reason);
  await settle(client, groupCode);
  return id;
}

export async function updateGrid(client: pg.ClientBase, actor: Actor, id: number, expectedVersion: number | null, input: {
  polygon?: Polygon; attrs: GridAttributes; reason?: string; action?: GridAction;
}): Promise<void> {
  const before = await lockGrid(client, id);
  assertCovers(actor, before.code);
  await lockGroup(client, before.group_code);
  checkVersion(before, expectedVersion);
  await checkWorker(client, input.attrs.workerId);
  const fitted = input.polygon ? await fitGrid(client, input.polygon, before.group_code, [id]) : null;
  const { kind, name, workerId } = input.attrs;
  await client.query(Q.update, [id, fitted, kind ?? null, name ?? null, workerId ?? null, workerId !== undefined, actor.username]);
  await record(client, id, input.action ?? 'update', input.reason, actor);
  if (fitted) await settle(client, before.group_code);
}

/** Deleting retires the grid: its area becomes a gap the partition check reports, its records keep their link. */
export async function retireGrid(client: pg.ClientBase, actor: Actor, id: number, expectedVersion: number | null,
                                 reason?: string): Promise<void> {
  const grid = await lockGrid(client, id);
  assertCovers(actor, grid.code);
  await lockGroup(client, grid.group_code);
  checkVersion(grid, expectedVersion);
  await client.query(Q.retire, [id, actor.username]);
  await record(client, id, 'delete', reason, actor);
  await settle(client, grid.group_code);
}

/** Cuts a grid along a line; the largest piece keeps the grid worker. Returns the new grids' ids. */
export async function splitGrid(client: pg.ClientBase, actor: Actor, id: number, line: LineString, reason?: string): Promise<number[]> {
  const source = await lockGrid(client, id);
  assertCovers(actor, source.code);
  await lockGroup(client, source.group_code);
  const pieces = (await client.query(Q.split, [id, JSON.stringify(line)])).rows as { ewkb: string; geometry: Polygon; m2: number }[];
  if (pieces.length < 2) {
    throw unprocessable('line_does_not_split', 'The line must cross the grid from one edge to another.', { where: line });
  }
  const small = pieces.find((p) => p.m2 < MIN_GRID_AREA_M2);
  if (small) {
    throw unprocessable('too_small', `The split would leave a piece of ${Math.round(small.m2)} m² (at least ${MIN_GRID_AREA_M2} m²).`,
      { area_m2: small.m2, min_area_m2: MIN_GRID_AREA_M2, where: small.geometry });
  }
  await client.query(Q.retire, [id, actor.username]);
  await record(client, id, 'split', reason, actor);
  const ids: number[] = [];
  for (const [i, piece] of pieces.entries()) {
    const attrs = { kind: source.kind, workerId: i === 0 ? source.worker_id : null };
    const child = await insertGrid(client, actor, source.group_code, piece.ewkb, attrs, 'split', reason);
    await link(client, id, child, 'split');
    ids.push(child);
  }
  await settle(client, source.group_code);
  return ids;
}

/** Joins adjacent grids of one group into one; the first id's kind and worker carry over. */
export async function mergeGrids(client: pg.ClientBase, actor: Actor, ids: number[], reason?: string): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length < 2) throw badRequest('invalid_ids', 'ids must name at least two different grids.');
  const grids: LockedGrid[] = [];
  for (const id of unique) grids.push(await lockGrid(client, id));
  for (const g of grids) assertCovers(actor, g.code);
  const groups = new Set(grids.map((g) => g.group_code));
  if (groups.size > 1) {
    throw unprocessable('not_adjacent', 'Only grids of the same village group can be merged.', { group_codes: [...groups] });
  }
  const groupCode = grids[0].group_code;
  await lockGroup(client, groupCode);
  const union = (await client.query(Q.merge, [unique])).rows[0];
  if (union.type !== 'POLYGON') {
    throw unprocessable('not_adjacent', 'The grids must share an edge to be merged (touching at a corner is not enough).',
      { where: union.geometry as Geometry });
  }
  for (const g of grids) {
    await client.query(Q.retire, [g.id, actor.username]);
    await record(client, g.id, 'merge', reason, actor);
  }
  const merged = await insertGrid(client, actor, groupCode, union.ewkb,
    { kind: grids[0].kind, workerId: grids[0].worker_id }, 'merge', reason);
  for (const g of grids) {
    await link(client, g.id, merged, 'merge');
  }
  await settle(client, groupCode);
  return merged;
}

/** Makes an earlier version the current one again (as a new version), checked against today's neighbours. */
export async function restoreGrid(client: pg.ClientBase, actor: Actor, id: number, version: number, reason?: string): Promise<void> {
  const grid = await lockGrid(client, id, { live: false });
  assertCovers(actor, grid.code);
  await lockGroup(client, grid.group_code);
  const { rows } = await client.query(
    `select kind, name, worker_id, st_asgeojson(geom, 15) as geometry from grid_version where grid_id = $1 and version = $2`,
    [id, version]);
  const old = rows[0];
  if (!old) throw notFound(`Grid ${grid.code} has no version ${version}.`);
  const fitted = await fitGrid(client, JSON.parse(old.geometry) as Polygon, grid.group_code, [id]);
  await client.query(Q.update, [id, fitted, old.kind, old.name, old.worker_id, true, actor.username]);
  await record(client, id, 'restore', reason ?? `restored version ${version}`, actor);
  await settle(client, grid.group_code);
}

