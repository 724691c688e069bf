// gridwatch's entry point. With GW_PROCESSES above 1 (the default on a machine of two or more cores) a primary
// forks that many serving processes sharing the port (node:cluster); each has its own pools, tile cache and change
// listener (serve.ts). One process answers about 17,000 cached tiles a second on one core, PostgreSQL's tile queries
// and nginx use every core: a single event loop left the second core to the database alone.
import cluster from 'node:cluster';
import { loadConfig } from './config/config.ts';
import { gatherMetricsForWorkers } from './metrics/gather.ts';
import { serve } from './serve.ts';

const config = loadConfig();
/** A serving process that dies is replaced, unless it dies this soon after starting (a fault, not a crash). */
const MIN_UPTIME_MS = 10_000;

if (config.processes > 1 && cluster.isPrimary) {
  let stopping = false;
  // Serving processes have slots 1…N, handed on to the replacement if a process dies: slot 1 is the lead (the
  // timers' process), and the slot labels the process's figures on /metrics.
  const slots = new Map<number, number>();
  const fork = (slot: number) => {
    const started = Date.now();
    const worker = cluster.fork({ GW_LEAD: slot === 1 ? '1' : '0', GW_SLOT: String(slot) });
    slots.set(worker.id, slot);
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`serving process ${worker.process.pid} ended (${signal ?? code})`);
      if (Date.now() - started < MIN_UPTIME_MS) {
        console.error('it ended right after starting: gridwatch stops');
        stopping = true;
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
        process.exitCode = 1;
        return;
      }
      slots.delete(worker.id);
      fork(slot);
    });
  };
  for (let slot = 1; slot <= config.processes; slot++) fork(slot);
  gatherMetricsForWorkers((worker) => slots.get(worker.id) ?? 0);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      // Ctrl-C reaches the serving processes too (one process group); a stop sent to the primary alone must be passed on.
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    });
  }
} else {
  await serve(config, { processes: config.processes, lead: !cluster.isWorker || process.env.GW_LEAD === '1' });
}
