import type { ServerResponse } from 'node:http';
import { HttpError } from '../http/errors.ts';
import type { TileLayer } from './tile-layers.ts';
import type { TileMetrics, TileResult } from './tile-metrics.ts';
import type { TileAnswer, TileService } from './tile-service.ts';
import type { TimeWindow } from './tiles.ts';

/**
 * What both tile handlers (the front for plain public tiles, the Express route for the rest) answer alike, written
 * with Node's own response API, which Express's response extends.
 */

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

/** One tile request, checked: a known layer at or above its minzoom, x and y inside the zoom, the scope resolved. */
export interface TileRequest {
  layer: TileLayer;
  z: number;
  x: number;
  y: number;
  scope: string;
  window: TimeWindow;
}

/** 204: no tile there (nothing in it, or a zoom below the layer's), cacheable as a tile would be. */
export function sendNoTile(res: ServerResponse, layer: TileLayer): void {
  res.writeHead(204, { 'Cache-Control': tileCacheControl(layer), Vary: 'Cookie' }).end();
}

/** Sends a tile the cache holds (200, 204 or a 304 from the tag); no promise, no tick. */
export function sendTile(tiles: TileService, res: ServerResponse, t: TileRequest, answer: TileAnswer,
                         ifNoneMatch: string | undefined, startedAt: number): void {
  const { tile, etag, result } = answer;
  const cacheControl = tileCacheControl(t.layer);
  if (tile.body.length === 0) {
    sendNoTile(res, t.layer);
    recordTile(tiles.metrics, t.layer, t.z, t.x, t.y, result, 0, startedAt);
  } else if (etagMatches(ifNoneMatch, etag)) {
    res.writeHead(304, { 'Cache-Control': cacheControl, Vary: 'Cookie', ETag: etag }).end();
    recordTile(tiles.metrics, t.layer, t.z, t.x, t.y, 'not_modified', 0, startedAt);
  } else {
    res.writeHead(200, { 'Cache-Control': cacheControl, Vary: 'Cookie', ETag: etag, 'Content-Type': TILE_TYPE,
      'Content-Length': tile.body.length }).end(tile.body);
    recordTile(tiles.metrics, t.layer, t.z, t.x, t.y, result, tile.body.length, startedAt);
  }
}

/**
 * Answers a tile request: a 304 from the layer version alone when the client's copy is current (no cache lookup, no
 * query), else the tile from the cache or the database. A tile that took too long is a 503 (HttpError, thrown).
 */
export async function answerTile(tiles: TileService, res: ServerResponse, t: TileRequest,
                                 ifNoneMatch: string | undefined, startedAt: number): Promise<void> {
  const key = tiles.key(t.layer, t.z, t.x, t.y, t.scope, t.window);
  // Only a revalidation needs the current tag (a hash of the key): a first request goes straight to the cache.
  const current = ifNoneMatch ? tiles.currentTag(t.layer, key) : null;
  if (current && etagMatches(ifNoneMatch, current)) {
    res.writeHead(304, { 'Cache-Control': tileCacheControl(t.layer), Vary: 'Cookie', ETag: current }).end();
    recordTile(tiles.metrics, t.layer, t.z, t.x, t.y, 'not_modified', 0, startedAt);
    return;
  }
  const hit = tiles.peek(t.layer, key);
  if (hit) return sendTile(tiles, res, t, hit, ifNoneMatch, startedAt);
  let answer: TileAnswer;
  try {
    answer = await tiles.tile(t.layer, t.z, t.x, t.y, t.scope, t.window);
  } catch (err) {
    if ((err as { code?: string }).code === '57014') {
      throw new HttpError(503, 'tile_timeout', 'The tile took too long to make; try again or zoom in.');
    }
    throw err;
  }
  sendTile(tiles, res, t, answer, ifNoneMatch, startedAt);
}
