// Hazards: reported on the map, moved through the closed loop by the state machine, escalated when overdue.
// No HTTP here.
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../http/errors.ts';
import { hazardSummons, whistleActions } from '../whistles/whistles.ts';
import { hazardCategories } from './hazard-checklist.ts';
import {
  actorActions, actorRefusal, allowedActions, DEFAULT_DEADLINE_HOURS, nextState, type HazardAction, type HazardState, type Severity,
} from './hazard-lifecycle.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = {
  feature: sql('hazard-feature.sql'),
  events: sql('hazard-events.sql'),
  insert: sql('insert-hazard.sql'),
  escalate: sql('escalate-overdue.sql'),
};

export interface HazardFilter {
  scope: string;
  status?: string[];
  severity?: Severity;
  category?: string;
  bbox?: [number, number, number, number];
  from?: Date;
  to?: Date;
  overdue?: boolean;
  /** Only hazards this department was summoned to (吹哨). */
  department?: string;
  id?: number;
  limit?: number;
}

export const HAZARD_LIST_LIMIT = 5000;

function toFeature({ geometry, ...props }: Record<string, unknown>): Feature<Point> {
  return { type: 'Feature', id: props.id as number, geometry: geometry as Point, properties: props };
}

export async function listHazards(db: pg.ClientBase | Pool, f: HazardFilter, now = new Date()): Promise<FeatureCollection<Point>> {
  const [w, s, e, n] = f.bbox ?? [null, null, null, null];
  const { rows } = await db.query(Q.feature, [f.scope, f.status ?? null, f.severity ?? null, f.category ?? null, w, s, e, n,
    f.from ?? null, f.to ?? null, f.overdue ?? false, f.id ?? null, f.limit ?? HAZARD_LIST_LIMIT, now, f.department ?? null]);
  return { type: 'FeatureCollection', features: rows.map(toFeature) };
}

/**
 * One hazard with its history and what may happen next: allowed_actions are the state's next steps (what a 409
 * lists), actor_actions those this actor may take (the server refuses the others with 403), whistle_actions the
 * steps of the whistle open to them.
 */
export async function getHazard(db: Pool, actor: Actor, id: number, now = new Date()) {
  const [feature] = (await listHazards(db, { scope: actor.jurisdiction, id, limit: 1 }, now)).features;
  if (!feature) throw notFound(`No hazard ${id} in your jurisdiction.`);
  const p = feature.properties!;
  const [events, whistle] = await Promise.all([db.query(Q.events, [id]), hazardSummons(db, id, now)]);
  const summoned = whistle.some((s) => s.department_code === actor.departmentCode);
  return {
    ...feature,
    properties: {
      ...p, events: events.rows, whistle,
      allowed_actions: allowedActions(p.status, p.severity),
      actor_actions: actorActions({ role: actor.role, username: actor.username, summoned }, p.status, p.severity, p.rectified_by),
      whistle_actions: whistleActions(actor, p.status, whistle),
    },
  };
}

/** Who found a hazard, from the reporter's role and level: the practice counts these separately. */
function foundBy(actor: Actor): 'worker' | 'village' | 'leader' | 'department' {
  if (actor.role === 'worker') return 'worker';
  if (actor.role === 'leader' && actor.jurisdiction.length >= 12) return 'village';
  return 'leader';
}

export async function reportHazard(client: pg.ClientBase, actor: Actor, input: {
  point: Point; category: string; severity: Severity; description?: string; riskPointId?: number; deadlineHours?: number;
}, now = new Date()): Promise<number> {
  if (!hazardCategories().has(input.category)) {
    throw badRequest('unknown_category', `category must be one of the checklist (data/hazard-categories.json): ${[...hazardCategories()].join(', ')}.`);
  }
  const hours = input.deadlineHours ?? DEFAULT_DEADLINE_HOURS[input.severity];
  const { rows } = await client.query(Q.insert, [JSON.stringify(input.point), input.category, input.severity,
    input.description ?? null, actor.personId, foundBy(actor), hours, input.riskPointId ?? null, now]);
  if (!rows[0]) throw unprocessable('outside_grids', 'The point lies in no micro-grid.', { where: input.point });
  if (!rows[0].grid_code.startsWith(actor.jurisdiction)) {
    throw forbidden(`The point lies in grid ${rows[0].grid_code}, outside your jurisdiction (${actor.jurisdiction}).`);
  }
  await client.query(`insert into hazard_event (hazard_id, at, actor_id, actor, action, note) values ($1, $2, $3, $4, 'report', $5)`,
    [rows[0].id, now, actor.personId, actor.username, input.description ?? null]);
  return rows[0].id;
}

/** The five fixes (五定) of an assignment: who, how, by when, with what money, accepted by whom. */
export interface FiveFixes {
  responsible: string;
  measures: string;
  deadline: string;
  funds: string;
  acceptor: string;
}

export interface TransitionInput {
  action: HazardAction;
  note?: string;
  reason?: string;
  fiveFixes?: FiveFixes;
}

/**
 * Moves a hazard along the closed loop, as one transaction: the state checked against the machine (409 with the
 * allowed actions otherwise), acceptance only by someone other than who rectified it, every step an event.
 */
export async function transitionHazard(client: pg.ClientBase, actor: Actor, id: number, input: TransitionInput,
                                       now = new Date()): Promise<void> {
  const { rows } = await client.query(
    `select z.status, z.severity, z.rectified_by, g.code as grid_code from hazard z join grid g on g.id = z.grid_id
     where z.id = $1 for update of z`, [id]);
  const hazard = rows[0] as { status: HazardState; severity: Severity; rectified_by: string | null; grid_code: string } | undefined;
  if (!hazard || !hazard.grid_code.startsWith(actor.jurisdiction)) throw notFound(`No hazard ${id} in your jurisdiction.`);
  const to = nextState(hazard.status, hazard.severity, input.action);
  if (!to) {
    throw conflict('illegal_transition', `A ${hazard.severity} hazard that is ${hazard.status} cannot be "${input.action}".`,
      { status: hazard.status, allowed: allowedActions(hazard.status, hazard.severity) });
  }
  const summoned = actor.departmentCode !== null && (await client.query(
    'select 1 from whistle_summons where hazard_id = $1 and department_code = $2', [id, actor.departmentCode])).rowCount! > 0;
  const refusal = actorRefusal({ role: actor.role, username: actor.username, summoned }, input.action, hazard.rectified_by);
  if (refusal) throw forbidden(refusal);
  if (input.action === 'reject' && !input.reason) throw badRequest('reason_required', 'Say why the hazard is rejected (reason).');
  let deadline: Date | null = null;
  if (input.action === 'assign') {
    if (!input.fiveFixes) throw badRequest('five_fixes_required', 'Assigning needs the five fixes: responsible, measures, deadline, funds, acceptor.');
    deadline = new Date(input.fiveFixes.deadline);
  }
  const rectifier = input.action === 'rectify' || input.action === 'fix_on_spot' ? actor.username : null;
  await client.query(`
    update hazard set status = $2,
      five_fixes = coalesce($3::jsonb, five_fixes),
      deadline = coalesce($4, deadline),
      escalation_level = case when $4::timestamptz is null then escalation_level else 0 end,
      rectified_by = coalesce($5, rectified_by),
      rejected_reason = coalesce($6, rejected_reason),
      closed_at = case when $2 in ('closed', 'rejected') then $7 else closed_at end
    where id = $1`,
  [id, to, input.fiveFixes ? JSON.stringify(input.fiveFixes) : null, deadline, rectifier, input.reason ?? null, now]);
  const note = [input.note, input.reason, input.fiveFixes && `五定: ${input.fiveFixes.responsible}; ${input.fiveFixes.measures}; ${input.fiveFixes.deadline}; ${input.fiveFixes.funds}; ${input.fiveFixes.acceptor}`]
    .filter(Boolean).join(' · ') || null;
  await client.query(`insert into hazard_event (hazard_id, at, actor_id, actor, action, note) values ($1, $2, $3, $4, $5, $6)`,
    [id, now, actor.personId, actor.username, input.action, note]);
}

/** Escalates every overdue hazard one level per passed deadline; returns how many steps were taken. */
export async function escalateOverdue(db: pg.ClientBase | Pool, now = new Date()): Promise<number> {
  let total = 0;
  for (let round = 0; round < 5; round++) {
    const { rowCount } = await db.query(Q.escalate, [now]);
    if (!rowCount) break;
    total += rowCount;
  }
  return total;
}
