import type { IncomingMessage, ServerResponse } from 'node:http';
import { etagMatches, recordTile, TILE_TYPE, tileCacheControl } from './tile-http.ts';
import { tileLayers } from './tile-layers.ts';
import type { TileService } from './tile-service.ts';

/** Only the plain address of a public tile: a query (?county=) or anything odd goes to the Express route. */
const PLAIN_TILE = /^\/tiles\/([a-z_]+)\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})\.mvt$/;
const MAX_ZOOM = 22;

/**
 * The front of the HTTP server for what most map traffic is: a public tile the cache holds, sent whole or as a 304. Express costs such a request about five times what answering it does (routing, its
 * request and response wrappers), so these are answered here with Node's own objects, before the app sees them.
 * Everything else (misses, private layers, errors) returns false and goes to routes/tiles.ts, which answers it
 * with the same headers, tags and metrics (tile-http.ts).
 */
export function tileFront(tiles: TileService): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const m = PLAIN_TILE.exec(req.url ?? '');
    if (!m) return false;
    const layer = tileLayers.get(m[1]);
    if (!layer?.public) return false;
    const z = Number(m[2]);
    const x = Number(m[3]);
    const y = Number(m[4]);
    if (z < layer.minzoom || z > MAX_ZOOM || x >= 2 ** z || y >= 2 ** z) return false;

    const startedAt = performance.now();
    const hit = tiles.peek(layer, tiles.key(layer, z, x, y, '', {}));
    if (!hit) return false;
    const headers = { 'Cache-Control': tileCacheControl(layer), Vary: 'Cookie', ETag: hit.etag };
    if (etagMatches(req.headers['if-none-match'], hit.etag)) {
      res.writeHead(304, headers).end();
      recordTile(tiles.metrics, layer, z, x, y, 'not_modified', 0, startedAt);
      return true;
    }
    const { body } = hit.tile;
    if (body.length === 0) {
      res.writeHead(204, { 'Cache-Control': headers['Cache-Control'], Vary: 'Cookie' }).end();
    } else {
      res.writeHead(200, { ...headers, 'Content-Type': TILE_TYPE, 'Content-Length': body.length }).end(body);
    }
    recordTile(tiles.metrics, layer, z, x, y, 'hit', body.length, startedAt);
    return true;
  };
}
