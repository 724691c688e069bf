import { createHash } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { simplifyTolerance, type TileLayer } from './tile-layers.ts';

/** A time window on a tile URL (?from=&to=), for layers that take one. */
export interface TimeWindow {
  from?: Date;
  to?: Date;
}

export interface Tile {
  body: Buffer;
  etag: string;
}

/**
 * One parameterised ST_AsMVT query per tile against the stored 3857 column and its index. `scope` is the code
 * prefix rows must fall under: the actor's jurisdiction for private layers, an optional county for public ones.
 */
export async function renderTile(db: Pool, layer: TileLayer, z: number, x: number, y: number, scope: string,
                                 window: TimeWindow = {}): Promise<Tile | null> {
  const values: unknown[] = [z, x, y, scope, layer.cap];
  if (layer.simplify) values.push(simplifyTolerance(z));
  if (layer.timeWindow) values.push(window.from ?? null, window.to ?? null);
  const { rows } = await db.query<{ st_asmvt: Buffer }>({ text: layer.sql, values });
  const body = rows[0]?.st_asmvt;
  if (!body || body.length === 0) return null;
  // The window is part of the tag: the same bytes for two windows are still two answers to revalidate.
  const key = layer.timeWindow ? `${window.from?.toISOString() ?? ''}/${window.to?.toISOString() ?? ''}` : '';
  return { body, etag: `"${createHash('sha1').update(key).update(body).digest('base64url')}"` };
}

/** The code prefix that scopes a tile, or null when the actor may not see the layer at all. */
export function tileScope(layer: TileLayer, actor: Actor | undefined, county: string | undefined): string | null {
  if (layer.public) return county ?? '';
  if (!actor) return null;
  if (!county || actor.jurisdiction.startsWith(county)) return actor.jurisdiction;
  return county.startsWith(actor.jurisdiction) ? county : null;
}
