// Empties the server's cache of one layer the way an edit everywhere would: a change notification on the server's
// own channel (what the triggers of migration 0017 send), so the cold tiles can be measured again and again on one
// running server. Waits until every serving process has handled it, seen on GET /metrics.
import type { Pool } from '../../server/db/pool.ts';
import { TILE_CHANNEL } from '../../server/tiles/tile-listener.ts';

/** The sum of a metric's samples over the serving processes (each labels its own). */
async function total(baseUrl: string, name: string): Promise<number> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  let sum = 0;
  for (const line of (await res.text()).split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

export async function purgeLayer(db: Pool, baseUrl: string, layer: string, timeoutMs = 10_000): Promise<void> {
  const processes = await total(baseUrl, 'gw_tile_listener_up');
  if (processes < 1) throw new Error('the server is not following changes (gw_tile_listener_up is 0): it caches nothing');
  const before = await total(baseUrl, 'gw_tile_notifications_total');
  await db.query('select pg_notify($1, $2)', [TILE_CHANNEL, JSON.stringify({ layers: [layer], bbox: null })]);
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    if (await total(baseUrl, 'gw_tile_notifications_total') >= before + processes) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the server did not handle the purge of ${layer} within ${timeoutMs} ms`);
}
