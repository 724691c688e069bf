import { Router } from 'express';
import { unitInScope } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { streamExport, exportSpec } from '../exports/exports.ts';
import { crsParam } from '../grids/crs.ts';
import { badRequest } from '../http/errors.ts';
import { dateParam } from '../http/params.ts';

/** Files of a unit's layers for signed-in users, within their jurisdiction (the default unit is all of it). */
export function exportRoutes(db: Pool): Router {
  const router = Router();
  router.get('/:layer', async (req, res) => {
    const unit = unitInScope(req);
    const { spec, format } = exportSpec(req.params.layer, req.query.format);
    const crs = crsParam(req.query.crs, ['wgs84', 'gcj02']) as 'wgs84' | 'gcj02';
    const from = dateParam(req.query.from, 'from');
    const to = dateParam(req.query.to, 'to');
    if ((from || to) && !spec.period) {
      throw badRequest('invalid_parameter', `from and to select hazards and patrols by time; the ${spec.layer} layer has no period.`);
    }
    if (from && to && to < from) throw badRequest('invalid_period', 'to must follow from.');
    await streamExport(db, spec, format, { unit, crs, from, to, clockwise: false }, res);
  });
  return router;
}
