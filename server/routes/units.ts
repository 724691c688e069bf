import { Router } from 'express';
import type { Pool } from '../db/pool.ts';
import { notFound } from '../http/errors.ts';
import { unitCodeParam } from '../http/params.ts';
import { getUnit } from '../units/units.ts';

/** Administrative units (public: the county posts them). */
export function unitRoutes(db: Pool): Router {
  const router = Router();
  router.get('/:code', async (req, res) => {
    const code = unitCodeParam('code', req.params.code);
    const unit = await getUnit(db, code);
    if (!unit) throw notFound(`No administrative unit ${code}.`);
    res.json(unit);
  });
  return router;
}
