import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { simplifyTolerance, type TileLayer } from './tile-layers.ts';

/** A time window on a tile URL (?from=&to=), for layers that take one. */
export interface TimeWindow {
  from?: Date;
  to?: Date;
}

export interface RenderedTile {
  /** Empty when the tile holds nothing (answered 204). */
  body: Buffer;
  features: number;
}

/**
 * One parameterised ST_AsMVT query per tile against the stored 3857 column and its index. `scope` is the code
 * prefix rows must fall under: the actor's jurisdiction for private layers, an optional county for public ones.
 * Named, so each pooled connection parses and plans the layer's query once (a prepared statement). The tile comes
 * back as bytea in text format: node-postgres 8 decodes every result column as a UTF-8 string first, so its
 * `binary: true` mode mangles bytea; hex decoding into a Buffer is the lossless path it offers.
 */
export async function renderTile(db: Pool, layer: TileLayer, z: number, x: number, y: number, scope: string,
                                 window: TimeWindow = {}): Promise<RenderedTile> {
  const values: unknown[] = [z, x, y, scope, layer.cap];
  if (layer.simplify) values.push(simplifyTolerance(z));
  if (layer.timeWindow) values.push(window.from ?? null, window.to ?? null);
  const { rows } = await db.query<{ mvt: Buffer | null; features: number }>({ name: `tile_${layer.name}`, text: layer.sql, values });
  return { body: rows[0]?.mvt ?? Buffer.alloc(0), features: rows[0]?.features ?? 0 };
}

/** The code prefix that scopes a tile, or null when the actor may not see the layer at all. */
export function tileScope(layer: TileLayer, actor: Actor | undefined, county: string | undefined): string | null {
  if (layer.public) return county ?? '';
  if (!actor) return null;
  if (!county || actor.jurisdiction.startsWith(county)) return actor.jurisdiction;
  return county.startsWith(actor.jurisdiction) ? county : null;
}
