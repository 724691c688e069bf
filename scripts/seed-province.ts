// A synthetic province for measuring at scale: the seeded county and 9 (or --counties − 1) copies of it side by side,
// in a database of its own so the demo database is untouched (scripts/province/replicate.sql says how).
//   npx tsx scripts/seed-province.ts [--counties 10] [--from gridwatch] [--to gridwatch_province]
// The new database is made with CREATE DATABASE … TEMPLATE, which PostgreSQL refuses while anyone is connected to
// the source: stop the server of the source database first. The tile benchmark uses replicateCounty on its own clone.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';

const SQL = new URL('./province/replicate.sql', import.meta.url);

/** Adds counties − 1 shifted copies of the one county in the database, in one transaction, then vacuums it. */
export async function replicateCounty(client: pg.ClientBase, counties: number): Promise<void> {
  const sql = await readFile(SQL, 'utf8');
  await client.query('begin');
  try {
    // Copying a county's patrol tracks nine times takes about a minute, longer than a pool's statement timeout.
    await client.query('set local jit = off; set local statement_timeout = 0');
    await client.query(`select set_config('gw.counties', $1, true)`, [String(counties)]);
    await client.query(sql);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
  // After a bulk load the first read of each page sets its rows' hint bits, a write: a vacuum does that now, once
  // (and fills the visibility map), as autovacuum would soon after in a live database, so reads measured later are
  // reads. No statement timeout for it: ten counties of patrol tracks take a while.
  await client.query('set statement_timeout = 0');
  await client.query('vacuum (analyze)');
  await client.query('reset statement_timeout');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    counties: { type: 'string', default: '10' },
    from: { type: 'string', default: 'gridwatch' },
    to: { type: 'string', default: 'gridwatch_province' },
  } });
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: eval "$(./scripts/db-env.sh)" first');
  const at = (database: string) => { const u = new URL(base); u.pathname = `/${database}`; return u.toString(); };
  const name = /^[a-z_][a-z0-9_]*$/;
  if (!name.test(values.from) || !name.test(values.to)) throw new Error('--from and --to are plain database names');
  const t0 = Date.now();
  const admin = new pg.Client({ connectionString: at('postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${values.to}`);
    await admin.query(`create database ${values.to} template ${values.from}`);
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: at(values.to) });
  await client.connect();
  try {
    await replicateCounty(client, Number(values.counties));
    const { rows: [n] } = await client.query(`select (select count(*) from admin_unit where level = 'county') as counties,
      (select count(*) from grid) as grids, (select count(*) from household) as households`);
    console.log(`${values.to}: ${n.counties} counties, ${n.grids} grids, ${n.households} households ` +
      `in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
