// Writing to the response at the pace the client reads: a write the socket cannot take yet waits for 'drain', so
// a slow download holds one batch in memory, not the whole file.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** The client went away before the export finished: stop reading rows. */
export class ExportAborted extends Error {}

export async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new ExportAborted('the client closed the connection');
  if (!out.writableNeedDrain) return;
  const ac = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal })]);
  } finally {
    ac.abort();
  }
  if (out.destroyed) throw new ExportAborted('the client closed the connection');
}

export async function send(out: Writable, chunk: string | Buffer): Promise<void> {
  out.write(chunk);
  await drained(out);
}
