import { Router } from 'express';
import { metricsGatherer } from '../metrics/gather.ts';
import type { TileService } from '../tiles/tile-service.ts';

/**
 * GET /metrics in the Prometheus text format. Counts only, no names or places, so it is as open as the public
 * layers; a deployment that exposes the server beyond the intranet should still keep it to its scraper.
 */
export function metricsRoutes(tiles: TileService): Router {
  const router = Router();
  // With several serving processes, the figures of all of them (labelled process="1", "2", …), see gather.ts.
  const gather = metricsGatherer(() => tiles.metrics.text());
  router.get('/', async (_req, res) => {
    res.type('text/plain; version=0.0.4; charset=utf-8').set('Cache-Control', 'no-store').send(await gather());
  });
  return router;
}
