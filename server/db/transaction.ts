import type pg from 'pg';
import type { Pool } from './pool.ts';

/** Runs fn in one transaction: committed when it returns, rolled back when it throws, so a rejected write changes nothing. */
export async function withTransaction<T>(db: Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
