import { readFileSync } from 'node:fs';
import type { Pool } from '../db/pool.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const HISTORY = sql('history.sql');
const LINEAGE = sql('lineage.sql');

/**
 * Every version of a grid (who, when, why, the geometry) and its lineage through splits and merges: what was
 * recorded against an ancestor (a closed hazard, a patrol) belongs to the area of today's grid too.
 */
export async function gridHistory(db: Pool, id: number) {
  const [versions, lineage] = await Promise.all([db.query(HISTORY, [id]), db.query(LINEAGE, [id])]);
  if (versions.rows.length === 0) return null;
  return { id, versions: versions.rows, lineage: lineage.rows[0] };
}
