import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate.ts';
import { cloneTemplate, type TestDb } from '../support/test-db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await cloneTemplate();
});
afterAll(() => db.drop());

describe('migrations', () => {
  it('apply nothing a second time', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      expect(await migrate(client)).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('refuse to run when a landed migration was edited', async () => {
    await db.pool.query(`update schema_migration set checksum = 'edited' where version = 1`);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await expect(migrate(client)).rejects.toThrow(/was edited after it was applied/);
    } finally {
      await client.end();
    }
  });

  it('store every geometry with a Web Mercator copy and GiST indexes on both', async () => {
    const { rows } = await db.pool.query(`
      select c.relname as table_name, count(*) filter (where a.attname like '%3857')::int as mercator
      from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
      join pg_am am on am.oid = ic.relam join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
      where am.amname = 'gist' group by c.relname order by 1`);
    // admin_unit has two: its shapes and its label points.
    expect(rows).toEqual(['admin_unit', 'admin_unit_generalised', 'disaster', 'grid', 'grid_generalised', 'hazard',
      'household', 'patrol', 'risk_point', 'warning']
      .map((t) => ({ table_name: t, mercator: t === 'admin_unit' ? 2 : 1 })));
  });

  it('carry county_code on every table but the accounts and the bookkeeping', async () => {
    const { rows } = await db.pool.query(`select t.table_name from information_schema.tables t
      where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and not exists (select 1 from information_schema.columns c where c.table_schema = 'public'
                        and c.table_name = t.table_name and c.column_name = 'county_code')
      order by 1`);
    // Accounts carry the county in their jurisdiction code; the others are PostgreSQL's and the migrator's.
    expect(rows.map((r) => r.table_name)).toEqual(['app_session', 'app_user', 'schema_migration', 'spatial_ref_sys']);
  });
});
