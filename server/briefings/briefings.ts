// The monthly risk briefing (风险研判): figures, lists, hot spots and trend for a unit's monthly meeting, generated
// and kept as of that day; the meeting's minutes attached, its decisions turned into tasks. No HTTP here.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { hotspots } from '../hotspots/hotspots.ts';
import { departmentDuty } from '../hazards/hazard-checklist.ts';
import { badRequest, notFound, unprocessable } from '../http/errors.ts';
import { monthlyTrend } from '../stats/rectification.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = { figures: sql('brief-figures.sql'), lists: sql('brief-lists.sql'), whistles: sql('brief-whistles.sql') };

/** How many overdue hazards and hot grids a brief lists (the longest overdue, the hottest). */
export const BRIEF_LIST_LENGTH = 10;

/** What a brief is about: a unit (county, township, village, group) or a county department's field. */
export type BriefSubject = { unit: string; department?: undefined } | { department: string; county: string; unit?: undefined };

async function subjectOf(db: Pool, subject: BriefSubject) {
  if (subject.department === undefined) {
    const { rows: [u] } = await db.query(`select code, name, level from admin_unit where code = $1`, [subject.unit]);
    if (!u) throw notFound(`No administrative unit ${subject.unit}.`);
    return { unit: u, department: null, duty: { categories: null, riskKinds: null } };
  }
  const { rows: [d] } = await db.query(`select code, name, name_en from department where code = $1 and county_code = $2`,
    [subject.department, subject.county]);
  const duty = departmentDuty(subject.department);
  if (!d) throw notFound(`No department ${subject.department} in county ${subject.county}.`);
  if (!duty) throw unprocessable('no_duty', `data/department-duties.json says nothing of department ${subject.department}.`);
  const { rows: [u] } = await db.query(`select code, name, level from admin_unit where code = $1`, [subject.county]);
  return { unit: u, department: d, duty };
}

/**
 * A brief as of now: for a unit, every hazard and major risk point in it; for a department, those of its industries
 * across the county (data/department-duties.json) and how it answered whistles.
 */
export async function composeBrief(db: Pool, subject: BriefSubject, month: Date, now = new Date()) {
  const { unit: u, department, duty } = await subjectOf(db, subject);
  const unit = u.code as string;
  const monthEnd = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
  const sixMonthsBack = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 5, 1));
  const [figures, lists, hot, trend, whistles] = await Promise.all([
    db.query(Q.figures, [unit, month, now, duty.categories, duty.riskKinds]),
    db.query(Q.lists, [unit, now, BRIEF_LIST_LENGTH, duty.categories]),
    // Hot spots of the last three months up to the month's end: a month alone is too sparse for Gi*.
    hotspots(db, { unit, cells: 'grid', size: 500, from: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 2, 1)), to: monthEnd,
      category: duty.categories ?? undefined }),
    monthlyTrend(db, unit, sixMonthsBack, new Date(monthEnd.getTime() - 1), duty.categories),
    department ? db.query(Q.whistles, [department.code, month, now, BRIEF_LIST_LENGTH]) : null,
  ]);
  const f = figures.rows[0];
  const hotGrids = hot.features
    .filter((c) => String(c.properties.class).startsWith('hot'))
    .sort((a, b) => (b.properties.gi_z ?? 0) - (a.properties.gi_z ?? 0))
    .slice(0, BRIEF_LIST_LENGTH)
    .map((c) => ({ code: c.properties.code, name: c.properties.name, count: c.properties.count, gi_z: c.properties.gi_z, class: c.properties.class }));
  const whistleFigures = whistles?.rows.find((r) => r.part === 'figures');
  return {
    unit: { code: u.code, name: u.name, level: u.level },
    department: department && { code: department.code, name: department.name, name_en: department.name_en, categories: duty.categories },
    month: month.toISOString().slice(0, 7),
    generated_at: now.toISOString(),
    figures: { ...f, patrol_coverage: f.grids ? f.grids_patrolled / f.grids : null },
    major_open: lists.rows.filter((r) => r.list === 'major_open'),
    overdue: lists.rows.filter((r) => r.list === 'overdue'),
    hot_spots: hotGrids,
    trend: trend.months,
    whistles: whistleFigures && {
      summoned: whistleFigures.summoned, on_time: whistleFigures.on_time, late: whistleFigures.late, acted: whistleFigures.acted,
      owed: whistles!.rows.filter((r) => r.part === 'owed').map(({ hazard_id, category, grid_name, blown_at, due_at, acknowledged_at }) =>
        ({ hazard_id, category, grid_name, blown_at, due_at, acknowledged_at })),
    },
  };
}

export async function generateBrief(client: pg.ClientBase, db: Pool, actor: Actor, subject: BriefSubject, month: Date): Promise<number> {
  const content = await composeBrief(db, subject, month);
  const { rows } = await client.query(`insert into briefing (county_code, unit_code, department_code, month, generated_at, generated_by, content)
    values ($1, $2, $3, $4, now(), $5, $6) returning id`,
  [content.unit.code.slice(0, 6), subject.unit ?? null, subject.department ?? null, month, actor.username, JSON.stringify(content)]);
  return rows[0].id;
}

/**
 * Briefs an actor may read: those of units in their jurisdiction; department briefs for the county's people (the
 * chief and the departments themselves, whose jurisdiction is the county).
 */
const VISIBLE = `(b.unit_code like $1 || '%' or (b.department_code is not null and b.county_code = $1))`;

export async function getBrief(db: Pool, scope: string, id: number) {
  const { rows } = await db.query(`select id, unit_code, department_code, to_char(month, 'YYYY-MM') as month, generated_at, generated_by,
    content, minutes, minutes_by, minutes_at from briefing b where id = $2 and ${VISIBLE}`, [scope, id]);
  if (!rows[0]) throw notFound(`No briefing ${id} in your jurisdiction.`);
  const tasks = (await db.query(`select id, title, assignee, to_char(due, 'YYYY-MM-DD') as due, status, done_at, done_by
    from briefing_task where briefing_id = $1 order by id`, [id])).rows;
  return { ...rows[0], tasks };
}

/** The kept briefs an actor may read, newest first, filtered by unit (and the units in it), department and month. */
export async function listBriefs(db: Pool, scope: string, filter: { unit?: string; department?: string; month?: Date }) {
  const { rows } = await db.query(`
    select b.id, b.unit_code, b.department_code, to_char(b.month, 'YYYY-MM') as month, b.generated_at, b.generated_by,
           b.content -> 'unit' ->> 'name' as unit_name, b.content -> 'department' ->> 'name' as department_name,
           b.minutes is not null as has_minutes,
           count(t.id) filter (where t.status = 'open')::int as open_tasks, count(t.id)::int as tasks
    from briefing b left join briefing_task t on t.briefing_id = b.id
    where ${VISIBLE}
      and ($2::text is null or b.unit_code like $2 || '%')
      and ($3::text is null or b.department_code = $3)
      and ($4::date is null or b.month = $4)
    group by b.id order by b.generated_at desc, b.id desc limit 200`,
  [scope, filter.unit ?? null, filter.department ?? null, filter.month ?? null]);
  return rows;
}

/** Marks a decided task done (or open again), with who and when; within the actor's jurisdiction (a department: its own briefs). */
export async function setTaskStatus(client: pg.ClientBase, actor: Actor, taskId: number, status: 'open' | 'done') {
  const { rows } = await client.query(`
    update briefing_task t set status = $3,
      done_at = case when $3 = 'done' then coalesce(t.done_at, now()) end,
      done_by = case when $3 = 'done' then coalesce(t.done_by, $4) end
    from briefing b
    where t.id = $2 and b.id = t.briefing_id and ${VISIBLE} and ($5::text is null or b.department_code = $5)
    returning t.id, t.briefing_id, t.title, t.assignee, to_char(t.due, 'YYYY-MM-DD') as due, t.status, t.done_at, t.done_by`,
  [actor.jurisdiction, taskId, status, actor.username, actor.role === 'department' ? actor.departmentCode : null]);
  if (!rows[0]) throw notFound(`No briefing task ${taskId} in your jurisdiction.`);
  return rows[0];
}

export interface Decision {
  title: string;
  assignee: string;
  due: string;
}

/** The meeting's minutes, and each decision as a task with someone responsible and a date. */
export async function recordMinutes(client: pg.ClientBase, actor: Actor, id: number, minutes: string, decisions: Decision[]) {
  const { rows } = await client.query(`update briefing b set minutes = $3, minutes_by = $4, minutes_at = now()
    where id = $2 and ${VISIBLE} returning county_code`, [actor.jurisdiction, id, minutes, actor.username]);
  if (!rows[0]) throw notFound(`No briefing ${id} in your jurisdiction.`);
  for (const d of decisions) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.due) || Number.isNaN(Date.parse(d.due))) throw badRequest('invalid_date', 'due must be YYYY-MM-DD.');
    await client.query(`insert into briefing_task (county_code, briefing_id, title, assignee, due, created_by) values ($1, $2, $3, $4, $5, $6)`,
      [rows[0].county_code, id, d.title, d.assignee, d.due, actor.username]);
  }
}
