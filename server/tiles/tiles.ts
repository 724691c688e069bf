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
 * How a tile crosses from PostgreSQL: base64 text. node-postgres 8 decodes every result column as a UTF-8 string
 * first (its parser has no binary mode), so `binary: true` would mangle the bytes, and bytea's own text form is hex,
 * twice the tile's size. Base64 is a third larger than the tile, and decoding it in Node costs about 3 µs a tile less
 * than hex (measured on batches of 32 z15–z16 grid tiles: 14–17 against 16–22 µs of the client's CPU a tile).
 * Node's decoder skips the line breaks PostgreSQL puts in.
 */
const MVT_AS_TEXT = `encode(m.mvt, 'base64') as mvt`;
const mvtOf = (text: string | null) => (text ? Buffer.from(text, 'base64') : Buffer.alloc(0));

/** The query texts made from a layer's own SQL (single and batched), made once per layer and form. */
const queryTexts = new Map<string, string>();
function queryText(layer: TileLayer, form: 'tile' | 'tiles', make: () => string): string {
  const key = `${form}_${layer.name}`;
  let text = queryTexts.get(key);
  if (text === undefined) queryTexts.set(key, (text = make()));
  return text;
}

const singleSqlOf = (layer: TileLayer) =>
  queryText(layer, 'tile', () => `select ${MVT_AS_TEXT}, m.features from (\n${layer.sql}\n) m`);

/**
 * One parameterised ST_AsMVT query per tile against the stored 3857 column and its index. `scope` is the code
 * prefix rows must fall under: the actor's jurisdiction for private layers, an optional county for public ones.
 * Named, so each pooled connection parses and plans the layer's query once (a prepared statement).
 */
export async function renderTile(db: Pool, layer: TileLayer, z: number, x: number, y: number, scope: string,
                                 window: TimeWindow = {}): Promise<RenderedTile> {
  const values: unknown[] = [z, x, y, scope, layer.cap];
  if (layer.simplify) values.push(simplifyTolerance(z));
  if (layer.timeWindow) values.push(window.from ?? null, window.to ?? null);
  const { rows } = await db.query<{ mvt: string | null; features: number }>({ name: `tile_${layer.name}`, text: singleSqlOf(layer), values });
  return { body: mvtOf(rows[0]?.mvt ?? null), features: rows[0]?.features ?? 0 };
}

/** A tile of a batch: its address only, since layer, scope and window are the batch's. */
export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/**
 * The layer's query turned into one over many tiles: $1, $2, $3 and $6 (z, x, y and the tolerance) become arrays,
 * unnested into one row per tile, and the query runs once per row (LATERAL). The other parameters stay as they are.
 * Made from the layer's own text, so the single and the batched tile cannot drift apart.
 */
const batchSqlOf = (layer: TileLayer) => queryText(layer, 'tiles', () => {
  const column: Record<string, string> = { 1: 'batch_tile.z', 2: 'batch_tile.x', 3: 'batch_tile.y', 6: 'batch_tile.tol' };
  const perTile = layer.sql.replace(/\$([1236])(?!\d)/g, (_, n: string) => column[n]);
  return `select batch_tile.i::int4 as i, ${MVT_AS_TEXT}, m.features
      from unnest($1::int4[], $2::int4[], $3::int4[], $6::float8[]) with ordinality as batch_tile(z, x, y, tol, i)
      cross join lateral (\n${perTile}\n) m`;
});

/**
 * A number array in PostgreSQL's text form, still a bound parameter: node-postgres would quote and escape each
 * element, which for a batch of tiles costs more than the rest of its parameters.
 */
const numbers = (values: (number | null)[]) => `{${values.map((v) => v ?? 'NULL').join(',')}}`;

/**
 * Many tiles of one layer, scope and window in one query: under load most of a small tile's cost is the round trip
 * and the statement around the query (parse, bind, executor start, a result set for node-postgres to decode), which
 * a batch pays once. In the order asked.
 */
export async function renderTiles(db: Pool, layer: TileLayer, tiles: TileAddress[], scope: string,
                                  window: TimeWindow = {}): Promise<RenderedTile[]> {
  const values: unknown[] = [numbers(tiles.map((t) => t.z)), numbers(tiles.map((t) => t.x)), numbers(tiles.map((t) => t.y)),
    scope, layer.cap, numbers(tiles.map((t) => (layer.simplify ? simplifyTolerance(t.z) : null)))];
  if (layer.timeWindow) values.push(window.from ?? null, window.to ?? null);
  const { rows } = await db.query<{ i: number; mvt: string | null; features: number }>(
    { name: `tiles_${layer.name}`, text: batchSqlOf(layer), values });
  const out: RenderedTile[] = tiles.map(() => ({ body: Buffer.alloc(0), features: 0 }));
  for (const r of rows) out[r.i - 1] = { body: mvtOf(r.mvt), features: r.features ?? 0 };
  return out;
}

/** The code prefix that scopes a tile, or null when the actor may not see the layer at all. */
export function tileScope(layer: TileLayer, actor: Actor | undefined, county: string | undefined): string | null {
  if (layer.public) return county ?? '';
  if (!actor) return null;
  if (!county || actor.jurisdiction.startsWith(county)) return actor.jurisdiction;
  return county.startsWith(actor.jurisdiction) ? county : null;
}
