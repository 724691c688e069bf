import cookieParser from 'cookie-parser';
import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadActor } from './auth/actor.ts';
import type { Pool } from './db/pool.ts';
import { errorHandler, notFoundHandler } from './http/errors.ts';
import { autoSplitRoutes } from './routes/auto-split.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { patrolBodyParsers, patrolRoutes } from './routes/patrols.ts';
import { gridTransferRoutes } from './routes/grid-transfer.ts';
import { gridRoutes } from './routes/grids.ts';
import { healthRoutes } from './routes/health.ts';
import { sessionRoutes } from './routes/session.ts';
import { tileRoutes } from './routes/tiles.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { TileService } from './tiles/tile-service.ts';
import { writeFence } from './http/write-fence.ts';
import { unitRoutes } from './routes/units.ts';
import { peopleRoutes } from './routes/people.ts';
import { hazardRoutes } from './routes/hazards.ts';
import { statsRoutes } from './routes/stats.ts';
import { inspectionRoutes } from './routes/inspections.ts';
import { briefingRoutes } from './routes/briefings.ts';
import { hotspotRoutes } from './routes/hotspots.ts';
import { departmentRoutes, whistleRoutes } from './routes/whistles.ts';
import { riskMapRoutes, riskPointRoutes } from './routes/risk-points.ts';
import { checklistCatalogRoutes, checklistRoutes } from './routes/checklists.ts';
import { disasterRoutes } from './routes/disasters.ts';
import { warningRoutes } from './routes/warnings.ts';
import { noticeRoutes } from './routes/notices.ts';
import { createNoticeRenderer, type NoticeRenderer } from './notices/notice-renderer.ts';
import { ogcRoutes } from './routes/ogc.ts';
import { exportRoutes } from './routes/exports.ts';
import { openApiRoutes } from './routes/openapi.ts';

export interface AppDeps {
  db: Pool;
  /** A pool whose statement_timeout is short: a tile that takes longer is abandoned, not waited for. */
  tileDb: Pool;
  /** The tile cache; pass one that listens for changes (TileService.listen) to cache. Default: tiles made afresh. */
  tiles?: TileService;
  clientDir?: string;
  secureCookies?: boolean;
  /** Headless Chromium for the printable notices: launched on first use, closed when idle and by main.ts on shutdown. */
  noticeRenderer?: NoticeRenderer;
}

/** The whole HTTP application, without listen(), so tests drive it as it runs in production. */
export function createApp({ db, tileDb, tiles = new TileService(tileDb), clientDir, secureCookies = false,
                            noticeRenderer = createNoticeRenderer() }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // tiles and grids set their own validators
  app.set('trust proxy', 'loopback');

  // Tiles and metrics first: they read no body and (public layers) no cookie, and are most of the requests.
  app.use('/tiles', tileRoutes(db, tiles));
  app.use('/metrics', metricsRoutes(tiles));

  app.use('/api', writeFence(() => tiles.fence()));
  app.use('/api/patrols', patrolBodyParsers); // larger tracks than the limit below; that parser then skips them
  app.use(express.json({ limit: '5mb' }));
  app.use(cookieParser());
  app.use(loadActor(db));

  app.use('/api/health', healthRoutes(db));
  app.use('/api/session', sessionRoutes(db, { secureCookies }));
  app.use('/api/grids', gridTransferRoutes(db)); // before gridRoutes, whose /:id would take /export
  app.use('/api/grids', gridRoutes(db));
  app.use('/api/units', unitRoutes(db));
  app.use('/api/units', autoSplitRoutes(db));
  app.use('/api/coverage', coverageRoutes(db));
  app.use('/api/patrols', patrolRoutes(db));
  app.use('/api/people', peopleRoutes(db));
  app.use('/api/hazards', hazardRoutes(db));
  app.use('/api/hazards', whistleRoutes(db));
  app.use('/api/departments', departmentRoutes(db));
  app.use('/api/stats', statsRoutes(db));
  app.use('/api/inspections', inspectionRoutes(db));
  app.use('/api/briefings', briefingRoutes(db));
  app.use('/api/hotspots', hotspotRoutes(db));
  app.use('/api/risk-points', riskPointRoutes(db));
  app.use('/api/risk-points', checklistRoutes(db));
  app.use('/api/checklists', checklistCatalogRoutes());
  app.use('/api/disasters', disasterRoutes(db));
  app.use('/api/warnings', warningRoutes(db));
  app.use('/api/risk-map', riskMapRoutes(db));
  app.use('/api/notices', noticeRoutes(db, noticeRenderer));
  app.use('/api/exports', exportRoutes(db));
  app.use('/api', openApiRoutes());
  app.use('/ogc', ogcRoutes(db));
  app.use(['/api', '/tiles', '/ogc'], notFoundHandler);

  if (clientDir && existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: 0 }));
    // Hashed assets could be cached for long; index.html must not be, so a new build shows at once.
    app.get(/^\/(?!api\/|tiles\/).*/, (_req, res) => res.sendFile(join(clientDir, 'index.html')));
  }
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
