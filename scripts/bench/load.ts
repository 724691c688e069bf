// The load generator for latency per request: plain node:http with keep-alive sockets, one per connection (fetch
// costs several times more per request). It times each request, which the per-zoom figures and the burst need; for
// throughput it costs too much CPU beside the server on a 2-core machine, and wrk.ts measures that.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { latency, type Latency } from './stats.ts';

export interface LoadResult extends Latency {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  /** Times of each request in the order of `paths` (runList only), for per-zoom figures. */
  times: number[];
  firstError?: string;
}

interface Reply { status: number; body: Buffer }

const TIMEOUT_MS = 30_000;

function get(agent: http.Agent | false, base: URL, path: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ agent, host: base.hostname, port: base.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

/** 2xx and 304 are answers; a 204 is an empty tile, also an answer. */
const ok = (status: number) => (status >= 200 && status < 300) || status === 304;

function summarise(times: number[], errors: number, seconds: number, firstError?: string): LoadResult {
  return { ...latency(times.filter((t) => !Number.isNaN(t))), requests: times.length, errors, seconds,
    perSecond: times.length / seconds, times, firstError };
}

/**
 * Every path once, `connections` at a time (each connection takes the next path when its last one is answered).
 * onBody sees each 200 answer, for keeping the bytes.
 */
export async function runList(baseUrl: string, paths: string[], connections: number,
                              options: { headers?: Record<string, string>; onBody?: (path: string, body: Buffer) => void } = {}): Promise<LoadResult> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const times = new Array<number>(paths.length).fill(NaN);
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) {
      const started = performance.now();
      try {
        const reply = await get(agent, base, paths[i], options.headers ?? {});
        times[i] = performance.now() - started;
        if (!ok(reply.status)) { errors++; firstError ??= `${paths[i]}: ${reply.status} ${reply.body.toString().slice(0, 120)}`; }
        else if (reply.status === 200) options.onBody?.(paths[i], reply.body);
      } catch (err) {
        times[i] = performance.now() - started;
        errors++;
        firstError ??= `${paths[i]}: ${(err as Error).message}`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, paths.length) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return summarise(times, errors, seconds, firstError);
}

/** Each path by a client of its own (a new connection, as from another phone), all sent in the same instant. */
export async function burst(baseUrl: string, paths: string[]): Promise<LoadResult> {
  const base = new URL(baseUrl);
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  await Promise.all(paths.map(async (path) => {
    try {
      const reply = await get(false, base, path, {});
      if (!ok(reply.status)) { errors++; firstError ??= `${path}: ${reply.status}`; }
    } catch (err) {
      errors++;
      firstError ??= `${path}: ${(err as Error).message}`;
    }
    times.push(performance.now() - t0); // from the common start: the wait each client saw
  }));
  return summarise(times, errors, (performance.now() - t0) / 1000, firstError);
}
