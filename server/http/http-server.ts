import http from 'node:http';
import type { Express } from 'express';
import { tileFront } from '../tiles/tile-front.ts';
import type { TileService } from '../tiles/tile-service.ts';

/** gridwatch's HTTP server: cached public tiles answered at the front (tile-front.ts), all else by the app. */
export function createHttpServer(app: Express, tiles: TileService): http.Server {
  const front = tileFront(tiles);
  return http.createServer((req, res) => {
    if (!front(req, res)) app(req, res);
  });
}
