// A private copy of the seeded template for one test file: tests may write freely and never see each other.
import { randomBytes } from 'node:crypto';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { TEMPLATE_DB, urlFor, withAdmin } from './template-db.ts';

export interface TestDb {
  name: string;
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

export async function cloneTemplate(): Promise<TestDb> {
  // The creation time is in the name, so a later run can tell a leftover from a clone in use (template-db.ts).
  const name = `gw_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  // Clones made at the same moment contend for the template; PostgreSQL refuses a busy one, so retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin((admin) => admin.query(`create database ${name} template ${TEMPLATE_DB}`));
      break;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const url = urlFor(name);
  const pool = createPool(url, 5);
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}
