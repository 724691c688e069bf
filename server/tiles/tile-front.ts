import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../http/errors.ts';
import { answerTile, sendNoTile, sendTile, type TileRequest } from './tile-http.ts';
import { tileLayers } from './tile-layers.ts';
import type { TileService } from './tile-service.ts';

/** Only the plain address of a public tile: a query (?county=) or anything odd goes to the Express route. */
const PLAIN_TILE = /^\/tiles\/([a-z_]+)\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})\.mvt$/;
const MAX_ZOOM = 22;

/**
 * The front of the HTTP server for what most map traffic is: a public tile at its plain address. Express costs such
 * a request several times what answering it does (routing, its request and response wrappers), so these are
 * answered here with Node's own objects, before the app sees them: a cached tile at once, without a promise, and a
 * missing one through the same cache and batching as the route. Everything else (private layers, ?county=, a tile
 * outside its zoom) returns false and goes to routes/tiles.ts, which answers with the same code (tile-http.ts).
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
    if (z > MAX_ZOOM || x >= 2 ** z || y >= 2 ** z) return false;
    if (z < layer.minzoom) {
      // Empty by definition, as the route answers it: a map asks for such tiles on every zoom out.
      sendNoTile(res, layer);
      return true;
    }

    const startedAt = performance.now();
    const t: TileRequest = { layer, z, x, y, scope: '', window: {} };
    const ifNoneMatch = req.headers['if-none-match'];
    const hit = tiles.peek(layer, tiles.key(layer, z, x, y, '', {}));
    if (hit) sendTile(tiles, res, t, hit, ifNoneMatch, startedAt);
    else answerTile(tiles, res, t, ifNoneMatch, startedAt).catch((err) => sendError(res, err, req.url));
    return true;
  };
}

/** As the app's error handler would answer (errors.ts): the caller's fault or a timeout as such, anything else logged. */
function sendError(res: ServerResponse, err: unknown, url: string | undefined): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const known = err instanceof HttpError;
  if (!known) console.error(`GET ${url} failed:`, err);
  const body = known ? { error: err.message, code: err.code } : { error: 'Internal error; it has been logged.', code: 'internal' };
  res.writeHead(known ? err.status : 500, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
