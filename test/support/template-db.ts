// The test template database: migrated and seeded once, reused while its inputs are unchanged (the fingerprint of
// migrations, seed and data is stored as the database's comment), cloned per test file with CREATE DATABASE …
// TEMPLATE, which copies files instead of reloading.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../server/db/migrate.ts';
import { seed } from '../../scripts/seed.ts';

/** GW_TEST_TEMPLATE names another template, so two checkouts' test runs on one cluster do not rebuild each other's. */
export const TEMPLATE_DB = process.env.GW_TEST_TEMPLATE ?? 'gw_test_template';
if (!/^gw_test_template\w*$/.test(TEMPLATE_DB)) throw new Error(`GW_TEST_TEMPLATE must start with gw_test_template: ${TEMPLATE_DB}`);
export const SEED_ANCHOR = new Date().toISOString().slice(0, 10);

const ROOT = new URL('../../', import.meta.url).pathname;

/** DATABASE_URL with another database name. */
export function urlFor(database: string): string {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run the tests with ./scripts/test.sh, which provisions PostGIS');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? files(path) : [path];
  }).sort();
}

function fingerprint(): string {
  const hash = createHash('sha256').update(SEED_ANCHOR);
  for (const f of [...files('server/db/migrations'), ...files('scripts/seed'), 'scripts/seed.ts', ...files('data')]) {
    hash.update(f).update(readFileSync(join(ROOT, f)));
  }
  return hash.digest('hex').slice(0, 16);
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Builds the template unless it is current. Serialised by an advisory lock: each vitest project sets it up. */
export async function ensureTemplate(log: (msg: string) => void): Promise<void> {
  const lock = new pg.Client({ connectionString: urlFor('postgres') });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(20260102)');
    await dropLeftovers(lock);
    await buildTemplate(log);
  } finally {
    await lock.end();
  }
}

/** Clones older than this were left by runs that were killed; younger ones may belong to a run going on now. */
const LEFTOVER_AGE_MS = 3 * 3600e3;

/** Drops clones left by killed runs: their name says when they were made (test-db.ts). */
async function dropLeftovers(admin: pg.Client): Promise<void> {
  // Templates (this one and others named by GW_TEST_TEMPLATE) are never leftovers.
  const { rows } = await admin.query(`select datname from pg_database
    where datname like 'gw\\_test\\_%' and datname not like 'gw\\_test\\_template%'`);
  for (const { datname } of rows) {
    const made = parseInt(/^gw_test_([0-9a-z]+)_/.exec(datname)?.[1] ?? '0', 36);
    if (Date.now() - made < LEFTOVER_AGE_MS) continue;
    await admin.query(`drop database if exists "${datname}"`).catch(() => {});
  }
}

async function buildTemplate(log: (msg: string) => void): Promise<void> {
  const want = fingerprint();
  const have = await withAdmin(async (admin) => {
    const { rows } = await admin.query(
      `select shobj_description(oid, 'pg_database') as note from pg_database where datname = $1`, [TEMPLATE_DB]);
    return rows[0]?.note as string | undefined;
  });
  if (have === want) {
    log(`test template ${TEMPLATE_DB} is up to date (${want})`);
    return;
  }
  const t0 = Date.now();
  log(`building test template ${TEMPLATE_DB}: migrate and seed`);
  await withAdmin(async (admin) => {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  });
  const client = new pg.Client({ connectionString: urlFor(TEMPLATE_DB) });
  await client.connect();
  try {
    await migrate(client);
    await seed(client, { anchor: SEED_ANCHOR });
  } finally {
    await client.end();
  }
  await withAdmin((admin) => admin.query(`comment on database ${TEMPLATE_DB} is '${want}'`));
  log(`test template ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
