// gridwatch as it runs in production (server/main.ts: its pools, its tile cache and listener, whatever main.ts sets
// up) in a process of its own on a given database: the tile benchmark's server, so the load generator does not share
// its event loop and what is measured is what ships, and the tests of several serving processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import pg from 'pg';
import { freePort } from './free-port.ts';

export interface ServerProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

const MAIN = new URL('../../server/main.ts', import.meta.url).pathname;
const QUIET_MS = 1500;
const QUIET_WAIT_MS = 180_000;

const health = (url: string) => new Promise<boolean>((resolve) => {
  http.get(`${url}/api/health`, (res) => { res.resume(); resolve(res.statusCode === 200); }).on('error', () => resolve(false));
});

/**
 * main.ts starts work of its own (patrol gaps of the county, overdue escalation), seconds of database time that
 * would land in the first measurement: wait until the database has had no active query but ours for a moment.
 */
async function quiet(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const until = Date.now() + QUIET_WAIT_MS;
    let quietSince = Date.now();
    while (Date.now() < until) {
      const { rows: [r] } = await client.query(`select count(*)::int as busy from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and backend_type = 'client backend'`);
      if (r.busy > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= QUIET_MS) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

/** env: more settings for the server (GW_PROCESSES, …) on top of this process's environment. */
export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; !(await health(baseUrl)); i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering`);
    if (i > 600) { child.kill('SIGKILL'); throw new Error('the server did not answer /api/health within 60 s'); }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await quiet(databaseUrl);
  return {
    baseUrl,
    stop: () => stopChild(child),
  };
}

/** Stops a child process: SIGTERM, and SIGKILL if it has not ended 8 s later. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
  await exited;
  clearTimeout(timer);
}
