// PostgreSQL's own tile throughput, the floor the HTTP server is measured against: pgbench (C, prepared statements)
// runs the very query the server runs for a layer, on the very tiles. pgbench has no lists, so the tiles go into a
// table of the measured database (a throwaway clone) and each transaction takes the next one off a sequence;
// the lookup alone is run too, to show what it costs (it makes the floor a little lower than ST_AsMVT alone).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Pool } from '../../server/db/pool.ts';
import { simplifyTolerance, type TileLayer } from '../../server/tiles/tile-layers.ts';
import type { TileId } from './tile-lists.ts';

const run = promisify(execFile);
const PGBENCH = `${process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'}/pgbench`;

export interface PgbenchResult {
  tiles: number;
  seconds: number;
  perSecond: number;
  failed: number;
}

/** The server's parameters, in the order renderTile passes them, as pgbench variables. */
const VARIABLES = ['z', 'x', 'y', 'scope', 'cap', 'tol'];

function scriptFor(layer: TileLayer | null, count: number): string {
  // One round trip for the lookup; past the end the sequence wraps, so the last turns of some clients repeat a
  // few tiles from the start (at most clients − 1) rather than failing.
  const lookup = `select z, x, y, scope, cap, tol from bench_tile where i = (select (nextval('bench_tile_seq') - 1) % ${count} + 1) \\gset\n`;
  if (!layer) return lookup;
  if (layer.timeWindow) throw new Error(`${layer.name}: layers with a time window are not measured`);
  const sql = layer.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const name = VARIABLES[Number(n) - 1];
    if (!name) throw new Error(`${layer.name}: parameter $${n} is not known to the benchmark`);
    return `:${name}`;
  });
  return `${lookup}${sql.trim().replace(/;?$/, ';')}\n`;
}

/** Loads the tiles into bench_tile (1-based, in order); scope as the server computes it for the request. */
export async function loadTiles(db: Pool, layer: TileLayer, tiles: TileId[], scope: string): Promise<void> {
  await db.query(`create table if not exists bench_tile (i int primary key, z int, x int, y int, scope text, cap int, tol float8)`);
  await db.query(`create sequence if not exists bench_tile_seq`);
  await db.query('truncate bench_tile');
  await db.query(`insert into bench_tile select i, z, x, y, $4, $5, tol
    from unnest($1::int[], $2::int[], $3::int[], $6::float8[]) with ordinality as t(z, x, y, tol, i)`,
  [tiles.map((t) => t.z), tiles.map((t) => t.x), tiles.map((t) => t.y), scope, layer.cap,
    tiles.map((t) => (layer.simplify ? simplifyTolerance(t.z) : null))]);
  await db.query('analyze bench_tile');
}

/** Runs the loaded tiles (or only their lookups, layer null) with `clients` connections. */
export async function pgbench(db: Pool, databaseUrl: string, layer: TileLayer | null, count: number, clients: number): Promise<PgbenchResult> {
  await db.query(`select setval('bench_tile_seq', 1, false)`);
  const dir = await mkdtemp(join(tmpdir(), 'gw-pgbench-'));
  try {
    const file = join(dir, 'tile.sql');
    await writeFile(file, scriptFor(layer, count));
    const perClient = Math.ceil(count / clients);
    const { stdout } = await run(PGBENCH, ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2',
      '-t', String(perClient), '-f', file, databaseUrl], { maxBuffer: 16 << 20 });
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
    const done = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    if (!tps || !done) throw new Error(`pgbench printed no throughput:\n${stdout}`);
    return { tiles: done, seconds: done / tps, perSecond: tps, failed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
