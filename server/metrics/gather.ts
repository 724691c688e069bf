import cluster, { type Worker } from 'node:cluster';
import { mergeExpositions, type ExpositionPart } from './exposition.ts';

/**
 * GET /metrics across serving processes (node:cluster). Each process keeps its own figures, and a scrape lands on
 * whichever process the primary handed the connection to; answered alone, successive scrapes would jump between
 * processes and every counter would seem to reset. So the process that takes the scrape asks the primary, the
 * primary asks every serving process for its text, and the answer carries all of them (exposition.ts).
 */

/** How long the primary waits for the serving processes; one that does not answer by then is left out. */
const GATHER_MS = 2000;

type Message =
  | { gw: 'metrics-ask'; id: number }
  | { gw: 'metrics-collect'; id: number }
  | { gw: 'metrics-part'; id: number; text: string }
  | { gw: 'metrics-parts'; id: number; parts: ExpositionPart[] };

const isMessage = (m: unknown): m is Message => typeof m === 'object' && m !== null && 'gw' in m;

/** In the primary: answers a serving process's ask with the figures of every serving process, by slot. */
export function gatherMetricsForWorkers(slotOf: (worker: Worker) => number): void {
  let next = 0;
  cluster.on('message', (asker: Worker, ask: unknown) => {
    if (!isMessage(ask) || ask.gw !== 'metrics-ask') return;
    const id = ++next;
    const pending = new Set(Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w?.isConnected()));
    const parts: ExpositionPart[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      cluster.off('message', onPart);
      parts.sort((a, b) => a.process - b.process);
      if (asker.isConnected()) asker.send({ gw: 'metrics-parts', id: ask.id, parts } satisfies Message);
    };
    const onPart = (worker: Worker, m: unknown) => {
      if (!isMessage(m) || m.gw !== 'metrics-part' || m.id !== id || !pending.delete(worker)) return;
      parts.push({ process: slotOf(worker), text: m.text });
      if (pending.size === 0) finish();
    };
    const timer = setTimeout(finish, GATHER_MS);
    cluster.on('message', onPart);
    for (const w of pending) w.send({ gw: 'metrics-collect', id } satisfies Message);
    if (pending.size === 0) finish();
  });
}

/**
 * The text for a scrape: in a serving process of several, every process's figures (asked of the primary); in a
 * process serving alone, its own, as they are. `local` gives this process's text.
 */
export function metricsGatherer(local: () => string): () => Promise<string> {
  if (!cluster.isWorker || !process.send) return async () => local();
  const send = process.send.bind(process);
  let next = 0;
  const waiting = new Map<number, (parts: ExpositionPart[]) => void>();
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.gw === 'metrics-collect') send({ gw: 'metrics-part', id: m.id, text: local() } satisfies Message);
    else if (m.gw === 'metrics-parts') waiting.get(m.id)?.(m.parts);
  });
  return () => new Promise<string>((resolve) => {
    const id = ++next;
    const reply = (parts: ExpositionPart[]) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(mergeExpositions(parts));
    };
    // A primary that does not answer (it should always) leaves this process's own figures, still labelled.
    const timer = setTimeout(() => reply([{ process: Number(process.env.GW_SLOT ?? 0), text: local() }]), GATHER_MS + 1000);
    waiting.set(id, reply);
    send({ gw: 'metrics-ask', id } satisfies Message);
  });
}
