import pg from 'pg';

// bigint ids and counts arrive as strings by default; ours fit in a double, and callers expect numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// bigint[] (oid 1016) likewise, parsed as int4[] (oid 1007) is: into numbers. The oids are not among pg's named builtins.
type Oid = Parameters<typeof pg.types.getTypeParser>[0];
pg.types.setTypeParser(1016 as Oid, pg.types.getTypeParser(1007 as Oid));

export type Pool = pg.Pool;

export function createPool(connectionString: string, max = 10, options: { statementTimeoutMs?: number } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    // A database that is down must be reported, not waited for.
    connectionTimeoutMillis: 3000,
    // No request may hold a connection for long; the tile pool sets a tighter limit.
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    // PostGIS cost estimates make JIT compile for hundreds of milliseconds on queries that take a few.
    options: '-c jit=off',
    application_name: 'gridwatch',
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (err) => console.error('database pool error:', err.message));
  return pool;
}
