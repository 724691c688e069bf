// Which tiles to ask for: those touching a county's outline in the database measured (one county, or the
// synthetic province), so every tile is one a map of the data would request.
import type { Pool } from '../../server/db/pool.ts';
import { random, shuffle } from './stats.ts';

export interface TileId { z: number; x: number; y: number }

const HALF = 20037508.342789244; // half the Web Mercator world, in metres

export const tileKey = (t: TileId) => `${t.z}/${t.x}/${t.y}`;

/** The x and y range at zoom z of the counties' extent. */
async function span(db: Pool, z: number): Promise<{ x0: number; x1: number; y0: number; y1: number }> {
  const { rows: [e] } = await db.query(`select st_xmin(e) as w, st_ymin(e) as s, st_xmax(e) as e, st_ymax(e) as n
    from (select st_extent(geom_3857) as e from admin_unit where level = 'county') x`);
  const n = 2 ** z;
  const col = (m: number) => Math.min(n - 1, Math.floor(((m + HALF) / (2 * HALF)) * n));
  const row = (m: number) => Math.min(n - 1, Math.floor(((HALF - m) / (2 * HALF)) * n));
  return { x0: col(e.w), x1: col(e.e), y0: row(e.n), y1: row(e.s) };
}

/** The candidates, in their order, that touch a county's outline. */
async function touching(db: Pool, z: number, candidates: { x: number; y: number }[]): Promise<TileId[]> {
  const { rows } = await db.query<{ x: number; y: number }>(
    `select t.x, t.y from unnest($2::int[], $3::int[]) with ordinality as t(x, y, i)
     where exists (select 1 from admin_unit u where u.level = 'county' and st_intersects(u.geom_3857, st_tileenvelope($1, t.x, t.y)))
     order by t.i`, [z, candidates.map((c) => c.x), candidates.map((c) => c.y)]);
  return rows.map((r) => ({ z, x: r.x, y: r.y }));
}

/** Every tile of zoom z that touches a county. */
export async function allTiles(db: Pool, z: number): Promise<TileId[]> {
  const s = await span(db, z);
  const candidates: { x: number; y: number }[] = [];
  for (let x = s.x0; x <= s.x1; x++) for (let y = s.y0; y <= s.y1; y++) candidates.push({ x, y });
  return touching(db, z, candidates);
}

/**
 * Up to `count` distinct tiles of zoom z touching a county, uniformly over the data, the same on every run for a
 * seed; `skip` leaves out tiles another measurement asks for. At low zooms there may be fewer than `count`.
 */
export async function sampleTiles(db: Pool, z: number, count: number, seed: number, skip = new Set<string>()): Promise<TileId[]> {
  const s = await span(db, z);
  const width = s.x1 - s.x0 + 1;
  const total = width * (s.y1 - s.y0 + 1);
  const rnd = random(seed * 31 + z);
  // Small spans are listed whole; large ones (a province at z16 has hundreds of thousands) are drawn from.
  const cells = total <= 50_000
    ? shuffle(Array.from({ length: total }, (_, i) => i), rnd)
    : Array.from(new Set(Array.from({ length: Math.min(total, count * 20) }, () => Math.floor(rnd() * total))));
  const candidates = cells.map((i) => ({ x: s.x0 + (i % width), y: s.y0 + Math.floor(i / width) }))
    .filter((c) => !skip.has(`${z}/${c.x}/${c.y}`));
  return (await touching(db, z, candidates)).slice(0, count);
}

/** A side × side block of adjacent tiles at zoom z centred on a point (lon, lat): what one screen asks for. */
export function blockAround(lon: number, lat: number, z: number, side: number): TileId[] {
  const n = 2 ** z;
  const cx = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const cy = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  const tiles: TileId[] = [];
  for (let dx = 0; dx < side; dx++) {
    for (let dy = 0; dy < side; dy++) tiles.push({ z, x: cx - Math.floor(side / 2) + dx, y: cy - Math.floor(side / 2) + dy });
  }
  return tiles;
}
