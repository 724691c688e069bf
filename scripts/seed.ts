// Loads the Yongren demo dataset: the real county outline, township and village codes and names (data/yongren),
// and the synthetic rest (see data/README.md), generated deterministically in PostGIS by scripts/seed/*.sql.
//   tsx scripts/seed.ts [--if-empty] [--reset]
// GW_SEED (default 532327) picks the random world; GW_SEED_ANCHOR (default: today, UTC) is the day the twelve
// months of hazards and thirty days of patrols lead up to. The whole load is one transaction: a killed load
// leaves the database as it was.
import { readdir, readFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { escalateOverdue } from '../server/hazards/hazards.ts';

const DATA = new URL('../data/', import.meta.url);
const SQL_DIR = new URL('./seed/', import.meta.url);
const args = new Set(process.argv.slice(2));
const t0 = Date.now();
const log = (msg: string) => console.log(`  [${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

interface Township { code: string; name: string; name_en: string; population_2020: number; seat: [number, number] | null }
interface Village { code: string; name: string; township_code: string }
interface Category { code: string; severity: string; zh: string; en: string }

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(new URL(path, DATA), 'utf8')) as T;

export async function seed(client: pg.ClientBase, options: { seed?: string; anchor?: string } = {}): Promise<void> {
  const county = await readJson<GeoJSON.FeatureCollection>('yongren/county.geojson');
  const townships = await readJson<Township[]>('yongren/townships.json');
  const villages = await readJson<Village[]>('yongren/villages.json');
  const categories = (await readJson<{ categories: Category[] }>('hazard-categories.json')).categories;
  const anchor = options.anchor ?? new Date().toISOString().slice(0, 10);
  const passwordHash = await bcrypt.hash('gridwatch', 10);

  await client.query('begin');
  try {
    await client.query('set local jit = off');
    // Ids feed the random keys: a rolled-back earlier load must not shift them.
    for (const table of ['admin_unit', 'person', 'grid', 'household', 'risk_point', 'hazard', 'hazard_event', 'patrol', 'app_user']) {
      if (table !== 'admin_unit') await client.query(`alter table ${table} alter column id restart with 1`);
    }
    await client.query(`select set_config('gw.seed', $1, true), set_config('gw.anchor', $2, true),
                               set_config('gw.password_hash', $3, true)`, [options.seed ?? '532327', anchor, passwordHash]);
    const files = (await readdir(SQL_DIR)).filter((f) => f.endsWith('.sql')).sort();
    for (const file of files) {
      const started = Date.now();
      await client.query(await readFile(new URL(file, SQL_DIR), 'utf8'));
      if (file.startsWith('01-')) await loadRealData(client, county, townships, villages, categories);
      // Fresh tables have no statistics; without them the planner nests loops over geometry functions.
      await client.query('analyze');
      log(`${file.replace(/\.sql$/, '')}: ${await summary(client)} (${Date.now() - started} ms)`);
    }
    // Open hazards past their deadline on the anchor day have climbed the chain, as the server's timer would have.
    const steps = await escalateOverdue(client, new Date(`${anchor}T00:00:00Z`));
    log(`overdue hazards escalated: ${steps} steps`);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
  await client.query('analyze');
}

async function loadRealData(client: pg.ClientBase, county: GeoJSON.FeatureCollection, townships: Township[],
                            villages: Village[], categories: Category[]): Promise<void> {
  const outline = county.features[0];
  await client.query(`create table seed.real_county as
    select '532327'::text as code, '永仁县'::text as name, 'Yongren County'::text as name_en,
           st_setsrid(st_geomfromgeojson($1), 4326) as geom`, [JSON.stringify(outline.geometry)]);
  await client.query(`create table seed.real_township as
    select code, name, name_en, population,
           case when lon is null then null else st_setsrid(st_point(lon, lat), 4326) end as seat
    from jsonb_to_recordset($1::jsonb) as t(code text, name text, name_en text, population integer, lon float8, lat float8)`,
    [JSON.stringify(townships.map((t) => ({ ...t, population: t.population_2020, lon: t.seat?.[0], lat: t.seat?.[1] })))]);
  await client.query(`create table seed.real_village as
    select * from jsonb_to_recordset($1::jsonb) as v(code text, name text, township_code text)`, [JSON.stringify(villages)]);
  await client.query(`create table seed.category as
    select * from jsonb_to_recordset($1::jsonb) as c(code text, severity text, zh text)`, [JSON.stringify(categories)]);
}

async function summary(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query(`select
    (select count(*) from admin_unit) as units, (select count(*) from grid) as grids,
    (select count(*) from household) as households, (select count(*) from person) as people,
    (select count(*) from risk_point) as risk_points, (select count(*) from hazard) as hazards,
    (select count(*) from patrol) as patrols`);
  return Object.entries(rows[0]).filter(([, v]) => Number(v) > 0).map(([k, v]) => `${v} ${k.replace('_', ' ')}`).join(', ');
}

async function isEmpty(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query('select not exists (select 1 from admin_unit) as empty');
  return rows[0].empty;
}

async function reset(client: pg.ClientBase): Promise<void> {
  await client.query(`truncate briefing_task, briefing, leader_inspection, inspection_duty, whistle_summons, grid_lineage, grid_version, hazard_event, hazard, patrol, risk_point, household, app_session, app_user,
                      grid, person, admin_unit restart identity cascade`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    if (args.has('--reset')) await reset(client);
    if (!(await isEmpty(client))) {
      if (args.has('--if-empty')) console.log('  the database already holds data; not seeding');
      else throw new Error('the database already holds data: pass --reset to replace it');
    } else {
      console.log('  loading the Yongren demo dataset');
      await seed(client, { seed: process.env.GW_SEED, anchor: process.env.GW_SEED_ANCHOR });
      log('done');
    }
  } finally {
    await client.end();
  }
}
