// Targeted warnings (预警) and the call-back that makes sure they were heard (叫应): a warning reaches the grids in
// its area; every grid's worker acknowledges it; a worker silent past the stated time is escalated to the group's
// leader, who calls. No HTTP here.
import { readFileSync } from 'node:fs';
import type { MultiPolygon, Polygon } from 'geojson';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { requireDisasterManager } from '../disasters/disasters.ts';
import { toCsv } from '../files/csv.ts';
import { forbidden, notFound, unprocessable } from '../http/errors.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = { recipients: sql('insert-recipients.sql'), grids: sql('warning-grids.sql'), escalate: sql('escalate-silent.sql') };

export const WARNING_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const LEVEL_ZH: Record<WarningLevel, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

/** How long a worker has to acknowledge, unless the warning says otherwise: the county's "information in 10 minutes, action in 30". */
export const DEFAULT_ACK_MINUTES = 30;

export interface WarningInput {
  area: Polygon | MultiPolygon | null;
  disasterId: number | null;
  level: WarningLevel;
  message: string;
  ackMinutes: number;
}

export async function issueWarning(client: pg.ClientBase, actor: Actor, input: WarningInput, now = new Date()): Promise<number> {
  requireDisasterManager(actor);
  const county = actor.jurisdiction.slice(0, 6);
  const { rows } = await client.query(`
    insert into warning (county_code, level, message, disaster_id, ack_minutes, issued_at, issued_by, geom)
    select $1, $2, $3, $4, $5, $6, $7, coalesce(st_multi(st_setsrid(st_geomfromgeojson($8), 4326)), d.geom)
    from (select 1) one left join disaster d on d.id = $4 and d.county_code = $1
    where $8::text is not null or d.id is not null
    returning id`,
  [county, input.level, input.message, input.disasterId, input.ackMinutes, now, actor.username, input.area ? JSON.stringify(input.area) : null]);
  if (!rows[0]) throw notFound(`No disaster ${input.disasterId} in your county.`);
  const { rowCount } = await client.query(Q.recipients, [rows[0].id, actor.jurisdiction]);
  if (!rowCount) throw unprocessable('no_grids', 'The warning area covers none of the grids in your jurisdiction.');
  return rows[0].id;
}

async function warningRow(db: Pool | pg.ClientBase, actor: Actor, id: number) {
  const { rows } = await db.query(`select id, level, message, disaster_id, ack_minutes, issued_at, issued_by,
      issued_at + make_interval(mins => ack_minutes) as ack_due, st_asgeojson(geom, 7)::json as geometry
    from warning where id = $1 and county_code = $2`, [id, actor.jurisdiction.slice(0, 6)]);
  if (!rows[0]) throw notFound(`No warning ${id} in your county.`);
  return rows[0];
}

export interface Recipient {
  role: 'worker' | 'leader';
  person_id: number;
  name: string;
  phone: string | null;
  unit_code: string;
}

/**
 * A warning with its grids (state each: acknowledged, silent, escalated) and everyone to notify: the grids'
 * workers, and the leaders of their groups, villages and townships, each once, with phones.
 */
export async function getWarning(db: Pool, actor: Actor, id: number, options: { geometry?: boolean } = {}, now = new Date()) {
  const w = await warningRow(db, actor, id);
  const { rows: grids } = await db.query(Q.grids, [id, options.geometry ?? false, now]);
  const units = [...new Set(grids.flatMap((g) => [g.code.slice(0, 15), g.code.slice(0, 12), g.code.slice(0, 9)]))];
  const { rows: leaders } = await db.query(`select id as person_id, name, phone, jurisdiction as unit_code from person
    where role = 'leader' and jurisdiction = any($1) order by jurisdiction, id`, [units]);
  const recipients: Recipient[] = [
    ...grids.filter((g) => g.person_id).map((g): Recipient => ({ role: 'worker', person_id: g.person_id, name: g.worker, phone: g.phone, unit_code: g.code })),
    ...leaders.map((l): Recipient => ({ role: 'leader', ...l })),
  ];
  const count = (state: string) => grids.filter((g) => g.state === state).length;
  const { geometry, ...props } = w;
  return {
    type: 'Feature', id, geometry: options.geometry ? geometry : null,
    properties: {
      ...props, grids, recipients,
      totals: { grids: grids.length, acknowledged: count('acknowledged'), silent: count('silent'), escalated: count('escalated') },
    },
  };
}

/** The county's warnings, newest first; `mine`: only those sent to the signed-in worker, with their own answer. */
export async function listWarnings(db: Pool, actor: Actor, options: { mine?: boolean } = {}) {
  const { rows } = await db.query(`select w.id, w.level, w.message, w.issued_at, w.issued_by, w.ack_minutes, w.disaster_id,
      w.issued_at + make_interval(mins => w.ack_minutes) as ack_due,
      count(r.id)::int as grids, count(r.acknowledged_at)::int as acknowledged, count(r.escalated_at)::int as escalated,
      case when $2::bigint is not null then bool_and(r.acknowledged_at is not null) filter (where r.person_id = $2) end as acknowledged_by_me
    from warning w left join warning_recipient r on r.warning_id = w.id
    where w.county_code = $1
      and ($3 = false or exists (select 1 from warning_recipient m where m.warning_id = w.id and m.person_id = $2))
    group by w.id order by w.issued_at desc, w.id desc limit 100`,
  [actor.jurisdiction.slice(0, 6), actor.personId, options.mine ?? false]);
  return rows;
}

/**
 * A worker acknowledges the warning for their grids; a leader (or the chief) records it for a grid in their
 * jurisdiction after calling the worker. Acknowledging twice changes nothing.
 */
export async function acknowledgeWarning(client: pg.ClientBase, actor: Actor, id: number, input: { gridId?: number; note?: string },
                                         now = new Date()): Promise<number> {
  await warningRow(client, actor, id);
  let rows: { grid_id: number }[];
  if (input.gridId !== undefined) {
    if (!['leader', 'chief'].includes(actor.role)) throw forbidden('Only a grid leader or the chief records an acknowledgement for a grid.');
    ({ rows } = await client.query(`update warning_recipient set acknowledged_at = coalesce(acknowledged_at, $4), acknowledged_by = coalesce(acknowledged_by, $5),
        ack_note = coalesce(ack_note, $6)
      where warning_id = $1 and grid_id = $2 and grid_code like $3 || '%' returning grid_id`,
    [id, input.gridId, actor.jurisdiction, now, actor.username, input.note ?? null]));
    if (!rows.length) throw notFound(`Grid ${input.gridId} is not among this warning's grids in your jurisdiction.`);
  } else {
    if (actor.personId === null) throw forbidden('Only a grid worker acknowledges for themself; leaders name the grid (grid_id).');
    ({ rows } = await client.query(`update warning_recipient set acknowledged_at = coalesce(acknowledged_at, $3), acknowledged_by = coalesce(acknowledged_by, $4),
        ack_note = coalesce(ack_note, $5)
      where warning_id = $1 and person_id = $2 returning grid_id`, [id, actor.personId, now, actor.username, input.note ?? null]));
    if (!rows.length) throw notFound(`Warning ${id} was not sent to you.`);
  }
  return rows.length;
}

export async function escalateSilentWarnings(db: pg.ClientBase | Pool, now = new Date()): Promise<number> {
  return (await db.query(Q.escalate, [now])).rowCount ?? 0;
}

/** The list for the SMS gateway: one line per recipient with the message to send (UTF-8 with BOM). */
export function recipientsCsv(w: Awaited<ReturnType<typeof getWarning>>): string {
  const p = w.properties;
  const text = `【${LEVEL_ZH[p.level as WarningLevel]}预警】${p.message} 收到请回复确认。`;
  return toCsv(['phone', 'name', 'role', 'unit_code', 'message'], p.recipients.filter((r: Recipient) => r.phone).map((r: Recipient) => [r.phone, r.name, r.role, r.unit_code, text]));
}
