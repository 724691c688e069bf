import { Router } from 'express';
import { covers, requireActor } from '../auth/actor.ts';
import { partitionGaps } from '../coverage/partition-gaps.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { unitCodeParam } from '../http/params.ts';

/** Coverage checks, for signed-in actors within their jurisdiction (they name households). */
export function coverageRoutes(db: Pool): Router {
  const router = Router();
  router.get('/partition-gaps', async (req, res) => {
    const actor = requireActor(req);
    const unit = req.query.unit === undefined ? actor.jurisdiction : unitCodeParam('unit', req.query.unit);
    if (unit.length > 15) throw badRequest('invalid_unit', 'unit must be a county, township, village or group code.');
    if (!covers(actor.jurisdiction, unit)) throw forbidden(`${unit} is outside your jurisdiction (${actor.jurisdiction}).`);
    res.json(await partitionGaps(db, unit));
  });
  return router;
}
