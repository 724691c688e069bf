// The HTTP load generator for throughput: wrk from Debian (C, event loop per thread). The Node client of load.ts
// costs the 2-core machine 0.1–0.4 ms of CPU a request, taken from the server it measures; nginx then topped out at
// about 14,000 requests a second under it, where wrk finds it at 40,000–110,000. pgbench, the floor, is C too, so
// with wrk both sides of each ratio are measured by a client that stays out of the way. Latency per request of each
// tile (the per-zoom figures) and the burst of new connections still use load.ts.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadResult } from './load.ts';

const WRK = '/usr/bin/wrk';
const ROOT = new URL('../../', import.meta.url).pathname;
const SCRIPT = new URL('./wrk.lua', import.meta.url);
const ONCE = new URL('./wrk-once.lua', import.meta.url);

export async function ensureWrk(): Promise<void> {
  await promisify(execFile)('bash', ['-c', `ROOT="$1"; source "$1/scripts/lib/common.sh"; ensure_apt_packages ${WRK} wrk`, 'bash', ROOT],
    { cwd: ROOT });
}

interface WrkResult {
  requests: number; duration_us: number; connect: number; read: number; write: number; status: number; timeout: number;
  p50: number; p95: number; p99: number; max: number;
}

async function run(baseUrl: string, paths: string[], connections: number, mode: 'once' | 'cycle', seconds: number): Promise<WrkResult> {
  const dir = await mkdtemp(join(tmpdir(), 'gw-wrk-'));
  try {
    const threads = Math.min(2, connections);
    const list = join(dir, 'paths.txt');
    const script = join(dir, 'run.lua');
    await writeFile(list, `${paths.join('\n')}\n`);
    await writeFile(script, (await readFile(SCRIPT, 'utf8')) + (mode === 'once' ? await readFile(ONCE, 'utf8') : ''));
    const child = spawn(WRK, ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '30s',
      '-s', script, baseUrl, '--', list, String(threads), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let finished = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      out += text;
      // wrk stops on SIGINT and reports as if its time were up; its duration is then the time really taken.
      finished += text.split('gw-thread-done').length - 1;
      if (mode === 'once' && finished === threads) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const json = /gw-result (\{.*\})/.exec(out)?.[1];
    if (!json) throw new Error(`wrk (exit ${code}) printed no result:\n${out}`);
    return JSON.parse(json) as WrkResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function result(r: WrkResult, counted: number): LoadResult {
  const seconds = r.duration_us / 1e6;
  const errors = r.connect + r.read + r.write + r.status + r.timeout;
  return {
    requests: counted, errors, seconds, perSecond: counted / seconds, times: [],
    p50: r.p50 / 1000, p95: r.p95 / 1000, p99: r.p99 / 1000, max: r.max / 1000,
    firstError: errors > 0 ? `${r.status} non-2xx/3xx, ${r.timeout} timeouts, ${r.connect + r.read + r.write} socket errors` : undefined,
  };
}

/**
 * Every path exactly once, over `connections` keep-alive connections. Throughput counts the paths only: the few
 * requests past the end (at most one a connection, answered 204 at once) are left out of it, not out of the time.
 * `limitSeconds` only bounds a run that hangs.
 */
export async function wrkOnce(baseUrl: string, paths: string[], connections: number, limitSeconds = 600): Promise<LoadResult> {
  const r = await run(baseUrl, paths, connections, 'once', limitSeconds);
  if (r.requests < paths.length) throw new Error(`wrk answered ${r.requests} of ${paths.length} paths in ${limitSeconds} s`);
  return result(r, paths.length);
}

/** The paths round and round for `seconds`, over `connections` keep-alive connections. */
export async function wrkFor(baseUrl: string, paths: string[], connections: number, seconds: number): Promise<LoadResult> {
  const r = await run(baseUrl, paths, connections, 'cycle', seconds);
  return result(r, r.requests);
}
