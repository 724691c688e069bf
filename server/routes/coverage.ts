import { Router } from 'express';
import { unitInScope } from '../auth/actor.ts';
import { partitionGaps } from '../coverage/partition-gaps.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest } from '../http/errors.ts';

/** Coverage checks, for signed-in actors within their jurisdiction (they name households). */
export function coverageRoutes(db: Pool): Router {
  const router = Router();
  router.get('/partition-gaps', async (req, res) => {
    const unit = unitInScope(req);
    if (unit.length > 15) throw badRequest('invalid_unit', 'unit must be a county, township, village or group code.');
    res.json(await partitionGaps(db, unit));
  });
  return router;
}
