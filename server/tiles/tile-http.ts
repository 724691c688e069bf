import type { TileLayer } from './tile-layers.ts';
import type { TileMetrics, TileResult } from './tile-metrics.ts';

/** What both tile handlers (the front for cached public tiles, the Express route for the rest) answer alike. */

export const TILE_TYPE = 'application/vnd.mapbox-vector-tile';

/** Tiles slower than this are logged with their address. */
const SLOW_TILE_MS = 500;

/** Revalidated on every use (the ETag makes that cheap), private layers kept out of shared caches. */
export const tileCacheControl = (layer: TileLayer) => (layer.public ? 'public, no-cache' : 'private, no-cache');

/** ETag matching per RFC 9110: a list of tags, weak ones compared by value, or "*". */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** Counts one answered tile request (GET /metrics) and logs it when slow. */
export function recordTile(metrics: TileMetrics, layer: TileLayer, z: number, x: number, y: number,
                           result: TileResult, bytes: number, startedAt: number): void {
  const ms = performance.now() - startedAt;
  metrics.answer(layer.name, z, result, ms / 1000, bytes);
  if (ms > SLOW_TILE_MS) {
    metrics.slow.inc({ layer: layer.name, z });
    console.warn(`slow tile ${layer.name}/${z}/${x}/${y}: ${ms.toFixed(0)} ms (${result})`);
  }
}
