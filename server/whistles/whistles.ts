// 网格发现、社区吹哨、部门报到: a village or township blows the whistle on a hazard beyond its means, summoning
// county departments; each must acknowledge by a deadline, late ones go up to the county and into the
// notification. No HTTP here.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = {
  escalateLate: sql('escalate-late.sql'), summons: sql('summons.sql'), notification: sql('notification.sql'),
  departmentStats: sql('department-stats.sql'),
};

/** Hours a summoned department has to acknowledge (report for duty), unless the whistle says otherwise. */
export const DEFAULT_ACK_HOURS = 2;

async function openHazardInScope(client: pg.ClientBase, actor: Actor, id: number) {
  const { rows } = await client.query(`select z.status, g.code from hazard z join grid g on g.id = z.grid_id
                                       where z.id = $1 for update of z`, [id]);
  if (!rows[0] || !rows[0].code.startsWith(actor.jurisdiction)) throw notFound(`No hazard ${id} in your jurisdiction.`);
  if (['closed', 'rejected'].includes(rows[0].status)) throw conflict('hazard_closed', `Hazard ${id} is ${rows[0].status}.`);
}

/** Villages and townships blow the whistle (and the county's chief): not a grid worker, a group, or a department. */
export const mayBlowWhistle = (actor: Actor) =>
  actor.role === 'chief' || (actor.role === 'leader' && actor.jurisdiction.length <= 12);

export type WhistleAction = 'blow' | 'acknowledge' | 'act';

/** The whistle's steps open to this actor on an open hazard, given who has been summoned and how they answered. */
export function whistleActions(actor: Actor, status: string, summons: { department_code: string; acknowledged_at: Date | null;
  acted_at: Date | null }[]): WhistleAction[] {
  if (['closed', 'rejected'].includes(status)) return [];
  if (mayBlowWhistle(actor)) return ['blow'];
  const mine = summons.find((s) => s.department_code === actor.departmentCode);
  if (actor.role !== 'department' || !mine) return [];
  if (!mine.acknowledged_at) return ['acknowledge'];
  return mine.acted_at ? [] : ['act'];
}

export async function blowWhistle(client: pg.ClientBase, actor: Actor, hazardId: number, input: {
  departments: string[]; reason: string; ackHours?: number;
}, now = new Date()): Promise<void> {
  if (!mayBlowWhistle(actor)) throw forbidden('Only a village or township grid leader (or the chief) blows the whistle.');
  await openHazardInScope(client, actor, hazardId);
  const codes = [...new Set(input.departments)];
  const known = (await client.query('select code from department where code = any($1) and county_code = $2',
    [codes, actor.jurisdiction.slice(0, 6)])).rows.map((r) => r.code);
  const unknown = codes.filter((c) => !known.includes(c));
  if (!codes.length || unknown.length) throw badRequest('unknown_department', `Unknown departments: ${unknown.join(', ') || '(none given)'}.`);
  const due = new Date(now.getTime() + (input.ackHours ?? DEFAULT_ACK_HOURS) * 3600e3);
  const { rowCount } = await client.query(`
    insert into whistle_summons (county_code, hazard_id, department_code, blown_by, blown_at, reason, due_at)
    select left($5, 6), $1, code, $2, $3, $4, $6 from unnest($7::text[]) code
    on conflict (hazard_id, department_code) do nothing`,
  [hazardId, actor.username, now, input.reason, actor.jurisdiction, due, codes]);
  if (rowCount !== codes.length) throw conflict('already_summoned', 'Some of these departments were already summoned to this hazard.');
  await client.query(`insert into hazard_event (hazard_id, at, actor_id, actor, action, note) values ($1, $2, $3, $4, 'whistle', $5)`,
    [hazardId, now, actor.personId, actor.username, `${codes.join(', ')}: ${input.reason}`]);
}

/** A summoned department reports for duty (acknowledges), then records what it did. */
export async function answerWhistle(client: pg.ClientBase, actor: Actor, hazardId: number, step: 'acknowledge' | 'act',
                                    note: string | undefined, now = new Date()): Promise<void> {
  if (actor.role !== 'department' || !actor.departmentCode) throw forbidden('Only a summoned department answers a whistle.');
  const { rows } = await client.query(`select acknowledged_at, acted_at from whistle_summons
                                       where hazard_id = $1 and department_code = $2 for update`, [hazardId, actor.departmentCode]);
  const summons = rows[0];
  if (!summons) throw notFound(`Your department was not summoned to hazard ${hazardId}.`);
  if (step === 'acknowledge') {
    if (summons.acknowledged_at) throw conflict('already_acknowledged', 'Your department has already reported for duty.');
    await client.query('update whistle_summons set acknowledged_at = $3, acknowledged_by = $4 where hazard_id = $1 and department_code = $2',
      [hazardId, actor.departmentCode, now, actor.username]);
  } else {
    if (!summons.acknowledged_at) throw conflict('not_acknowledged', 'Report for duty (acknowledge) before recording what was done.');
    await client.query('update whistle_summons set acted_at = $3, action_note = $4 where hazard_id = $1 and department_code = $2',
      [hazardId, actor.departmentCode, now, note ?? null]);
  }
  await client.query(`insert into hazard_event (hazard_id, at, actor, action, note) values ($1, $2, $3, $4, $5)`,
    [hazardId, now, actor.username, step === 'acknowledge' ? 'department_acknowledged' : 'department_acted', note ?? null]);
}

export async function escalateLateDepartments(db: pg.ClientBase | Pool, now = new Date()): Promise<number> {
  return (await db.query(Q.escalateLate, [now])).rowCount ?? 0;
}

export async function hazardSummons(db: pg.ClientBase | Pool, hazardId: number, now = new Date()) {
  return (await db.query(Q.summons, [hazardId, now])).rows;
}

export async function lateNotification(db: Pool, scope: string, from?: Date, to?: Date, now = new Date()) {
  return (await db.query(Q.notification, [scope, from ?? null, to ?? null, now])).rows;
}

/** The county's departments that can be summoned. */
export async function listDepartments(db: Pool, county: string) {
  return (await db.query('select code, name, name_en from department where county_code = $1 order by code', [county])).rows;
}

export async function departmentStats(db: Pool, scope: string, now = new Date()) {
  return (await db.query(Q.departmentStats, [scope, now])).rows;
}
