import { Router } from 'express';
import type { Pool } from '../db/pool.ts';

const HEALTH_TIMEOUT_MS = 3000;

/** Liveness and database reachability; answers within a few seconds even when the database hangs or is down. */
export function healthRoutes(db: Pool): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
    });
    try {
      const { rows } = await Promise.race([db.query('select postgis_lib_version() as postgis'), timeout]);
      res.json({ status: 'ok', db: 'up', postgis: rows[0].postgis });
    } catch (err) {
      res.status(503).json({ status: 'degraded', db: 'down', postgis: null, error: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  });
  return router;
}
