import { readFileSync } from 'node:fs';
import type { Pool } from '../db/pool.ts';

const LIST_PEOPLE = readFileSync(new URL('./sql/list-people.sql', import.meta.url), 'utf8');
export const PEOPLE_LIMIT = 500;

export async function listPeople(db: Pool, filter: { unit: string; role?: string; name?: string }) {
  const { rows } = await db.query(LIST_PEOPLE, [filter.unit, filter.role ?? null, filter.name ?? null, PEOPLE_LIMIT]);
  return rows;
}
