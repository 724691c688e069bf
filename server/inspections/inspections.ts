// Leaders' monthly inspections (明查暗访): their duties, the visits recorded, and who is behind this month.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { forbidden, notFound } from '../http/errors.ts';

const DUTIES = readFileSync(new URL('./sql/duties.sql', import.meta.url), 'utf8');

/** The first moment of the month of `at` (UTC), as the month the figures are for. */
export const monthStart = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));

export async function inspectionDuties(db: Pool, scope: string, month: Date) {
  const rows = (await db.query(DUTIES, [scope, monthStart(month)])).rows;
  const behind = rows.filter((r) => r.behind);
  return { unit: scope, month: monthStart(month).toISOString().slice(0, 7), duties: rows.length, behind: behind.length, rows };
}

/** A leader records a visit to one of their own duties. */
export async function recordInspection(client: pg.ClientBase, actor: Actor, input: {
  targetKind: string; targetCode: string; at: Date; covert: boolean; note?: string;
}): Promise<number> {
  if (!actor.personId || !['leader', 'chief'].includes(actor.role)) throw forbidden('Only grid leaders record their inspections.');
  const { rows } = await client.query(`select id, county_code from inspection_duty
    where person_id = $1 and target_kind = $2 and target_code = $3`, [actor.personId, input.targetKind, input.targetCode]);
  if (!rows[0]) throw notFound(`You have no inspection duty for ${input.targetKind} ${input.targetCode}.`);
  const { rows: [row] } = await client.query(`insert into leader_inspection (county_code, duty_id, at, covert, note, recorded_by)
    values ($1, $2, $3, $4, $5, $6) returning id`, [rows[0].county_code, rows[0].id, input.at, input.covert, input.note ?? null, actor.username]);
  return row.id;
}
