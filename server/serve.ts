import { createApp } from './app.ts';
import { createHttpServer } from './http/http-server.ts';
import type { Config } from './config/config.ts';
import { checkConnectionBudget, ConnectionBudgetError } from './db/connection-budget.ts';
import { createPool, type Pool } from './db/pool.ts';
import { TileService } from './tiles/tile-service.ts';
import { createNoticeRenderer } from './notices/notice-renderer.ts';
import { warmGaps } from './coverage/patrol-coverage.ts';
import { escalateOverdue } from './hazards/hazards.ts';
import { escalateSilentWarnings } from './warnings/warnings.ts';
import { escalateLateDepartments } from './whistles/whistles.ts';

const DB_POOL = 10;
const TILE_POOL = 8;
/** Connections one serving process holds at most: both pools and the tile listener's own connection. */
export const CONNECTIONS_PER_PROCESS = DB_POOL + TILE_POOL + 1;

export interface ServeOptions {
  /** Serving processes in all (server/main.ts), for the connection budget. */
  processes: number;
  /**
   * Whether this process runs the timers (escalation, gap warming): exactly one of the serving processes does, so
   * nothing is escalated or recomputed twice.
   */
  lead: boolean;
}

/** One serving process: pools, tile cache and listener, the app at the port; the timers if it leads. */
export async function serve(config: Config, { processes, lead }: ServeOptions): Promise<void> {
  const db = createPool(config.databaseUrl, DB_POOL);
  const tileDb = createPool(config.databaseUrl, TILE_POOL, { statementTimeoutMs: 5000 });
  // A database that is down is no reason not to start (/api/health reports it); too small a one is.
  await checkConnectionBudget(db, processes * CONNECTIONS_PER_PROCESS).catch((err) => {
    if (!(err instanceof ConnectionBudgetError)) {
      console.warn(`could not check the connection budget: ${err.message}`);
      return;
    }
    console.error(`gridwatch will not start: ${err.message}`);
    process.exit(1);
  });
  const tiles = new TileService(tileDb, { cacheBytes: config.tileCacheBytes });
  await tiles.listen(config.databaseUrl);
  // One Chromium for the printable notices, shared by every request; it starts on the first notice asked for.
  const noticeRenderer = createNoticeRenderer();
  const app = createApp({ db, tileDb, tiles, clientDir: config.clientDir, secureCookies: config.secureCookies, noticeRenderer });

  const server = createHttpServer(app, tiles).listen(config.port, () => {
    if (lead) console.log(`gridwatch listening on http://localhost:${config.port} (${processes} process${processes > 1 ? 'es' : ''})`);
  });

  const stopTimers = lead ? startTimers(db) : () => {};

  // Finish the requests in flight, then close the pools, on Ctrl-C or a stop from the process manager; a process
  // serving under main.ts's primary also stops when the primary is gone.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopTimers();
    server.close(async () => {
      await Promise.all([tiles.close(), db.end(), tileDb.end(), noticeRenderer.close()]);
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}

/** The work no request asks for, on timers; returns what stops them. */
function startTimers(db: Pool): () => void {
  // Overdue hazards climb the chain without anyone asking: checked every minute (and at start).
  const ESCALATION_INTERVAL_MS = 60_000;
  // Departments summoned by a whistle that did not report for duty in time go up to the county the same way, and
  // workers silent on a warning past its time go to their group's leader.
  const escalate = () => Promise.all([escalateOverdue(db), escalateLateDepartments(db), escalateSilentWarnings(db)])
    .then(([hazards, departments, silent]) => (hazards || departments || silent)
      && console.log(`escalated ${hazards} overdue hazard step(s), ${departments} late department(s), ${silent} silent warning recipient(s)`))
    .catch((err) => console.error('escalating overdue hazards failed:', err.message));
  void escalate();
  const escalation = setInterval(escalate, ESCALATION_INTERVAL_MS);

  // The patrol gaps of the usual windows are kept computed (a county's merge takes seconds): at start, and every ten
  // minutes, which also catches the turn of the day. Edited grids' rows are dropped as tracks change.
  const GAP_WARMING_INTERVAL_MS = 10 * 60_000;
  let warming = false;
  const warm = async () => {
    if (warming) return;
    warming = true;
    const started = Date.now();
    try {
      const grids = await warmGaps(db);
      if (grids) console.log(`patrol gaps computed for ${grids} grid-window(s) in ${Date.now() - started} ms`);
    } catch (err) {
      console.error('computing patrol gaps failed:', (err as Error).message);
    } finally {
      warming = false;
    }
  };
  void warm();
  const gapWarming = setInterval(warm, GAP_WARMING_INTERVAL_MS);
  return () => {
    clearInterval(escalation);
    clearInterval(gapWarming);
  };
}
