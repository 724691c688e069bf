import type { Pool } from './pool.ts';

export class ConnectionBudgetError extends Error {}

/**
 * Refuses to start when this process alone would want more connections than the server takes (its pools would
 * wait for connections forever under load, and starve psql and the migrator), and warns when, with the sessions
 * already open, the budget is tight: a second server process or a busy day could then run out.
 */
export async function checkConnectionBudget(db: Pool, wanted: number): Promise<void> {
  const { rows: [r] } = await db.query<{ max: number; reserved: number; open: number }>(
    `select current_setting('max_connections')::int as max,
            current_setting('superuser_reserved_connections')::int as reserved,
            (select count(*)::int from pg_stat_activity where backend_type = 'client backend') as open`);
  const available = r.max - r.reserved;
  if (wanted > available) {
    throw new ConnectionBudgetError(`the pools want ${wanted} connections but the database takes ${available} `
      + `(max_connections ${r.max} − ${r.reserved} reserved): lower the pool sizes or raise max_connections`);
  }
  // `open` includes the connection asking, which is one of ours.
  if (wanted + r.open - 1 > available) {
    console.warn(`the pools may want ${wanted} connections; ${r.open} are open already of the ${available} the database takes`);
  }
}
