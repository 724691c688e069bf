import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

/**
 * Applies the numbered migrations not yet recorded, each in its own transaction. A landed migration must never be
 * edited: its checksum is recorded, and a mismatch stops the run instead of leaving schemas that silently differ.
 * An advisory lock keeps two processes from migrating at once.
 */
export async function migrate(client: pg.ClientBase, log: (msg: string) => void = () => {}): Promise<number> {
  await client.query('select pg_advisory_lock(20260101)');
  try {
    await client.query(`create table if not exists schema_migration (
      version integer primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`);
    const applied = new Map<number, { name: string; checksum: string }>();
    for (const row of (await client.query('select version, name, checksum from schema_migration')).rows) {
      applied.set(row.version, row);
    }
    let count = 0;
    for (const m of await readMigrations()) {
      const done = applied.get(m.version);
      if (done) {
        if (done.checksum !== m.checksum) {
          throw new Error(`migration ${m.name} was edited after it was applied; add a new migration instead`);
        }
        continue;
      }
      const t0 = Date.now();
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query('insert into schema_migration (version, name, checksum) values ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      log(`applied ${m.name} (${Date.now() - t0} ms)`);
      count++;
    }
    return count;
  } finally {
    await client.query('select pg_advisory_unlock(20260101)');
  }
}
