// The verification plan of a disaster: tasks cut from its affected area (one per grid, or a target number of
// households each), assigned to a team or a person, moved ready → in progress → verified → (needs re-check →
// in progress → verified), each with its households in a visiting order and the figures verified. No HTTP here.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.ts';
import { requireDisasterManager } from './disasters.ts';
import { tourLength, visitingOrder, type Stop } from './visiting-order.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = { byGrid: sql('plan-by-grid.sql'), byHouseholds: sql('plan-by-households.sql'), task: sql('task.sql') };

export const TASK_STATES = ['ready', 'in_progress', 'verified', 'needs_recheck'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_ACTIONS = ['start', 'save', 'verify', 'recheck'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

const TRANSITIONS: Record<TaskAction, { from: readonly TaskState[]; to: TaskState }> = {
  start: { from: ['ready', 'needs_recheck'], to: 'in_progress' },
  save: { from: ['in_progress'], to: 'in_progress' },
  verify: { from: ['in_progress'], to: 'verified' },
  recheck: { from: ['verified'], to: 'needs_recheck' },
};

export const allowedTaskActions = (state: TaskState) => TASK_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(state));

/** What a team records for its task: the figures of the verified report (核报). */
export interface TaskFigures {
  households_affected: number;
  people_affected: number;
  houses_collapsed: number;
  houses_severely_damaged: number;
  houses_moderately_damaged: number;
  houses_slightly_damaged: number;
  people_relocated: number;
}
export const FIGURE_KEYS: readonly (keyof TaskFigures)[] = ['households_affected', 'people_affected', 'houses_collapsed',
  'houses_severely_damaged', 'houses_moderately_damaged', 'houses_slightly_damaged', 'people_relocated'];

export const DEFAULT_HOUSEHOLDS_PER_TASK = 40;

interface PlannedTask {
  gridId: number | null;
  workerId: number | null;
  geometry: unknown;
  households: [number, number, number][];
}

/**
 * Cuts the affected area into tasks and orders each task's households for the visit. A disaster is planned once:
 * while every task is still ready the plan may be replaced; once work has started it is kept (409).
 */
export async function planTasks(client: pg.ClientBase, actor: Actor, disasterId: number, input: {
  mode: 'grid' | 'households'; bufferM: number; householdsPerTask: number;
}): Promise<number> {
  requireDisasterManager(actor);
  const { rows: [d] } = await client.query('select id from disaster where id = $1 and county_code = $2 for update',
    [disasterId, actor.jurisdiction.slice(0, 6)]);
  if (!d) throw notFound(`No disaster ${disasterId} in your county.`);
  const { rows: [started] } = await client.query(`select count(*)::int as n from verification_task where disaster_id = $1 and state <> 'ready'`, [disasterId]);
  if (started.n > 0) throw conflict('plan_started', `${started.n} tasks of disaster ${disasterId} are under way; the plan is kept.`);
  await client.query('delete from verification_task_event where task_id in (select id from verification_task where disaster_id = $1)', [disasterId]);
  await client.query('delete from verification_task where disaster_id = $1', [disasterId]);

  // As for the impact (impact.ts): the planner cannot see the area's size and would loop over grid × household pairs.
  await client.query('set local enable_nestloop = off');
  const planned: PlannedTask[] = input.mode === 'grid'
    ? (await client.query(Q.byGrid, [disasterId, input.bufferM, actor.jurisdiction])).rows
      .map((r) => ({ gridId: r.grid_id, workerId: r.worker_id, geometry: r.geometry, households: r.households }))
    : (await client.query(Q.byHouseholds, [disasterId, input.bufferM, actor.jurisdiction, input.householdsPerTask])).rows
      .map((r) => ({ gridId: null, workerId: null, geometry: r.geometry, households: r.households }));

  await client.query('set local enable_nestloop to default');
  const ids: number[] = [];
  for (const [i, task] of planned.entries()) {
    const tour = visitingOrder(task.households.map(([id, lon, lat]): Stop => ({ id, lon, lat })));
    const { rows } = await client.query(`insert into verification_task (county_code, disaster_id, seq, grid_id, buffer_m, household_ids,
        tour_m, assignee_person_id, geom)
      values (left($1, 6), $2, $3, $4, $5, $6, $7, $8, st_setsrid(st_geomfromgeojson($9), 4326)) returning id`,
    [actor.jurisdiction, disasterId, i + 1, task.gridId, input.bufferM, tour.map((s) => s.id), Math.round(tourLength(tour)),
      task.workerId, JSON.stringify(task.geometry)]);
    ids.push(rows[0].id);
  }
  if (ids.length) {
    await client.query(`insert into verification_task_event (county_code, task_id, at, actor, action, note)
      select left($4, 6), id, now(), $2, 'planned', $3 from unnest($1::bigint[]) id`, [ids, actor.username, `${input.mode}, buffer ${input.bufferM} m`, actor.jurisdiction]);
  }
  return ids.length;
}

export async function listTasks(db: Pool, actor: Actor, disasterId: number, filter: { mine?: boolean } = {}) {
  const { rows } = await db.query(Q.task, [disasterId, actor.jurisdiction.slice(0, 6), null, filter.mine ? actor.personId ?? -1 : null]);
  return { type: 'FeatureCollection' as const, features: rows.map(toFeature) };
}

export async function getTask(db: Pool | pg.ClientBase, actor: Actor, disasterId: number, taskId: number) {
  const { rows } = await db.query(Q.task, [disasterId, actor.jurisdiction.slice(0, 6), taskId, null]);
  if (!rows[0]) throw notFound(`No task ${taskId} of disaster ${disasterId}.`);
  const feature = toFeature(rows[0]);
  const { rows: households } = await db.query(`select h.id, h.persons, st_x(h.geom) as lon, st_y(h.geom) as lat, o.n as visit
    from unnest($1::bigint[]) with ordinality o(id, n) join household h on h.id = o.id order by o.n`, [rows[0].household_ids]);
  const { rows: events } = await db.query('select at, actor, action, note, figures from verification_task_event where task_id = $1 order by at, id', [taskId]);
  return { ...feature, properties: { ...feature.properties, households, events } };
}

function toFeature({ geometry, household_ids: _ids, ...p }: Record<string, unknown>) {
  return { type: 'Feature' as const, id: p.id as number, geometry, properties: { ...p, allowed_actions: allowedTaskActions(p.state as TaskState) } };
}

/** Assigns a task to a team (a name) and/or a person (a grid worker or leader of the county). */
export async function assignTask(client: pg.ClientBase, actor: Actor, disasterId: number, taskId: number,
                                 input: { team?: string | null; personId?: number | null }) {
  requireDisasterManager(actor);
  const task = await lockTask(client, actor, disasterId, taskId);
  if (input.personId) await requirePerson(client, actor, input.personId);
  if (task.state === 'verified') throw conflict('task_verified', 'A verified task is not reassigned; ask for a re-check instead.');
  await client.query(`update verification_task set team = case when $2 then $3 else team end,
      assignee_person_id = case when $4 then $5 else assignee_person_id end, version = version + 1, updated_at = now() where id = $1`,
  [taskId, input.team !== undefined, input.team ?? null, input.personId !== undefined, input.personId ?? null]);
  await event(client, taskId, actor, 'assign', [input.team, input.personId && `person ${input.personId}`].filter(Boolean).join(', ') || 'unassigned');
}

async function requirePerson(client: pg.ClientBase, actor: Actor, personId: number) {
  const { rows } = await client.query('select 1 from person where id = $1 and county_code = $2', [personId, actor.jurisdiction.slice(0, 6)]);
  if (!rows[0]) throw badRequest('unknown_person', `No person ${personId} in the county.`);
}

async function lockTask(client: pg.ClientBase, actor: Actor, disasterId: number, taskId: number) {
  const { rows } = await client.query(`select t.* from verification_task t join disaster d on d.id = t.disaster_id
    where t.id = $1 and t.disaster_id = $2 and d.county_code = $3 for update of t`, [taskId, disasterId, actor.jurisdiction.slice(0, 6)]);
  if (!rows[0]) throw notFound(`No task ${taskId} of disaster ${disasterId}.`);
  return rows[0] as { state: TaskState; assignee_person_id: number | null; verified_by: string | null; version: number; figures: TaskFigures | null };
}

const event = (client: pg.ClientBase, taskId: number, actor: Actor, action: string, note?: string | null, figures?: TaskFigures) =>
  client.query(`insert into verification_task_event (county_code, task_id, at, actor, action, note, figures)
    select county_code, id, now(), $2, $3, $4, $5 from verification_task where id = $1`,
  [taskId, actor.username, action, note ?? null, figures ? JSON.stringify(figures) : null]);

/**
 * A step of a task. Its assignee (or a manager) starts it, saves figures and verifies it; a manager asks for a
 * re-check, which must go to someone other than who verified it, and who verified it last may not verify it again.
 */
export async function taskTransition(client: pg.ClientBase, actor: Actor, disasterId: number, taskId: number, input: {
  action: TaskAction; figures?: TaskFigures; reason?: string; personId?: number; version?: number;
}) {
  const task = await lockTask(client, actor, disasterId, taskId);
  if (input.version !== undefined && input.version !== task.version) {
    throw conflict('version_conflict', `Task ${taskId} has changed (now version ${task.version}); reload it.`, { version: task.version });
  }
  const t = TRANSITIONS[input.action];
  if (!t.from.includes(task.state)) {
    throw conflict('illegal_transition', `A task that is ${task.state} cannot "${input.action}".`, { state: task.state, allowed: allowedTaskActions(task.state) });
  }
  const manager = actor.role === 'chief' || (actor.role === 'leader' && actor.jurisdiction.length <= 12);
  const assignee = actor.personId !== null && actor.personId === task.assignee_person_id;
  if (input.action === 'recheck') {
    if (!manager) throw forbidden('A re-check is asked for by the chief or a township or village leader.');
    if (!input.reason) throw badRequest('reason_required', 'Say what is to be checked again (reason).');
    if (!input.personId) throw badRequest('person_required', 'A re-check goes to a person (person_id) other than who verified it.');
    await requirePerson(client, actor, input.personId);
    const { rows: [verifier] } = await client.query('select verified_by_person from verification_task where id = $1', [taskId]);
    if (verifier.verified_by_person === input.personId) {
      throw conflict('same_verifier', 'Nobody verifies their own figures twice: give the re-check to someone else.');
    }
    await client.query(`update verification_task set state = 'needs_recheck', recheck_reason = $2, assignee_person_id = $3,
      version = version + 1, updated_at = now() where id = $1`, [taskId, input.reason, input.personId]);
    await event(client, taskId, actor, 'recheck', input.reason);
    return;
  }
  if (!manager && !assignee) throw forbidden('Only the person the task is assigned to (or a township or village leader) works on it.');
  if (input.action === 'verify') {
    if (!input.figures) throw badRequest('figures_required', `Verifying needs the figures: ${FIGURE_KEYS.join(', ')}.`);
    if (task.verified_by === actor.username) {
      throw conflict('same_verifier', 'You verified this task before; a re-check is verified by someone else.');
    }
  }
  await client.query(`update verification_task set state = $2, figures = coalesce($3::jsonb, figures),
      verified_by = case when $2 = 'verified' then $4 else verified_by end,
      verified_by_person = case when $2 = 'verified' then $5 else verified_by_person end,
      verified_at = case when $2 = 'verified' then now() else verified_at end,
      version = version + 1, updated_at = now() where id = $1`,
  [taskId, t.to, input.figures ? JSON.stringify(input.figures) : null, actor.username, actor.personId]);
  await event(client, taskId, actor, input.action, null, input.figures);
}
