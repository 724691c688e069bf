// The monthly risk briefing (风险研判): figures, lists, hot spots and trend for a unit's monthly meeting, generated
// and kept as of that day; the meeting's minutes attached, its decisions turned into tasks. No HTTP here.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { hotspots } from '../hotspots/hotspots.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { monthlyTrend } from '../stats/rectification.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = { figures: sql('brief-figures.sql'), lists: sql('brief-lists.sql') };

/** How many overdue hazards and hot grids a brief lists (the longest overdue, the hottest). */
export const BRIEF_LIST_LENGTH = 10;

export async function composeBrief(db: Pool, unit: string, month: Date, now = new Date()) {
  const { rows: [u] } = await db.query(`select code, name, level from admin_unit where code = $1`, [unit]);
  if (!u) throw notFound(`No administrative unit ${unit}.`);
  const monthEnd = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
  const sixMonthsBack = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 5, 1));
  const [figures, lists, hot, trend] = await Promise.all([
    db.query(Q.figures, [unit, month, now]),
    db.query(Q.lists, [unit, now, BRIEF_LIST_LENGTH]),
    // Hot spots of the last three months up to the month's end: a month alone is too sparse for Gi*.
    hotspots(db, { unit, cells: 'grid', size: 500, from: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 2, 1)), to: monthEnd }),
    monthlyTrend(db, unit, sixMonthsBack, new Date(monthEnd.getTime() - 1)),
  ]);
  const f = figures.rows[0];
  const hotGrids = hot.features
    .filter((c) => String(c.properties.class).startsWith('hot'))
    .sort((a, b) => (b.properties.gi_z ?? 0) - (a.properties.gi_z ?? 0))
    .slice(0, BRIEF_LIST_LENGTH)
    .map((c) => ({ code: c.properties.code, name: c.properties.name, count: c.properties.count, gi_z: c.properties.gi_z, class: c.properties.class }));
  return {
    unit: { code: u.code, name: u.name, level: u.level },
    month: month.toISOString().slice(0, 7),
    generated_at: now.toISOString(),
    figures: { ...f, patrol_coverage: f.grids ? f.grids_patrolled / f.grids : null },
    major_open: lists.rows.filter((r) => r.list === 'major_open'),
    overdue: lists.rows.filter((r) => r.list === 'overdue'),
    hot_spots: hotGrids,
    trend: trend.months,
  };
}

export async function generateBrief(client: pg.ClientBase, db: Pool, actor: Actor, unit: string, month: Date): Promise<number> {
  const content = await composeBrief(db, unit, month);
  const { rows } = await client.query(`insert into briefing (county_code, unit_code, month, generated_at, generated_by, content)
    values (left($1, 6), $1, $2, now(), $3, $4) returning id`, [unit, month, actor.username, JSON.stringify(content)]);
  return rows[0].id;
}

export async function getBrief(db: Pool, scope: string, id: number) {
  const { rows } = await db.query(`select id, unit_code, to_char(month, 'YYYY-MM') as month, generated_at, generated_by, content,
    minutes, minutes_by, minutes_at from briefing where id = $1 and unit_code like $2 || '%'`, [id, scope]);
  if (!rows[0]) throw notFound(`No briefing ${id} in your jurisdiction.`);
  const tasks = (await db.query(`select id, title, assignee, to_char(due, 'YYYY-MM-DD') as due, status from briefing_task
    where briefing_id = $1 order by id`, [id])).rows;
  return { ...rows[0], tasks };
}

export interface Decision {
  title: string;
  assignee: string;
  due: string;
}

/** The meeting's minutes, and each decision as a task with someone responsible and a date. */
export async function recordMinutes(client: pg.ClientBase, actor: Actor, id: number, minutes: string, decisions: Decision[]) {
  const { rows } = await client.query(`update briefing set minutes = $3, minutes_by = $4, minutes_at = now()
    where id = $1 and unit_code like $2 || '%' returning county_code`, [id, actor.jurisdiction, minutes, actor.username]);
  if (!rows[0]) throw notFound(`No briefing ${id} in your jurisdiction.`);
  for (const d of decisions) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.due) || Number.isNaN(Date.parse(d.due))) throw badRequest('invalid_date', 'due must be YYYY-MM-DD.');
    await client.query(`insert into briefing_task (county_code, briefing_id, title, assignee, due, created_by) values ($1, $2, $3, $4, $5, $6)`,
      [rows[0].county_code, id, d.title, d.assignee, d.due, actor.username]);
  }
}
