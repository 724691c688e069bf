// Empties the server's cache of one layer the way an edit everywhere would: a change notification on the server's
// own channel (what the triggers of migration 0017 send), so the cold tiles can be measured again and again on one
// running server. Waits until every serving process has handled it, seen on GET /metrics.
import type { Pool } from '../../server/db/pool.ts';
import { TILE_CHANNEL } from '../../server/tiles/tile-listener.ts';

/** The sum of a metric's samples and how many there are (one a serving process for the per-process figures). */
async function samples(baseUrl: string, name: string): Promise<{ sum: number; count: number }> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  let sum = 0;
  let count = 0;
  for (const line of (await res.text()).split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      count++;
    }
  }
  return { sum, count };
}

export async function purgeLayer(db: Pool, baseUrl: string, layer: string, timeoutMs = 10_000): Promise<void> {
  const processes = (await samples(baseUrl, 'gw_tile_listener_up')).sum;
  if (processes < 1) throw new Error('the server is not following changes (gw_tile_listener_up is 0): it caches nothing');
  const before = (await samples(baseUrl, 'gw_tile_notifications_total')).sum;
  await db.query('select pg_notify($1, $2)', [TILE_CHANNEL, JSON.stringify({ layers: [layer], bbox: null })]);
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    if ((await samples(baseUrl, 'gw_tile_notifications_total')).sum >= before + processes) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the server did not handle the purge of ${layer} within ${timeoutMs} ms`);
}
