import { Router } from 'express';
import { unitInScope } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest } from '../http/errors.ts';
import { dateParam } from '../http/params.ts';
import { LEVELS, monthlyTrend, rectificationCsv, rectificationStats, rectificationXlsx, type Level } from '../stats/rectification.ts';

/** Rectification statistics for leaders, within their jurisdiction, as JSON or CSV. */
export function statsRoutes(db: Pool): Router {
  const router = Router();
  router.get('/rectification', async (req, res) => {
    const unit = unitInScope(req);
    const level = (req.query.level ?? 'township') as Level;
    if (!(level in LEVELS)) throw badRequest('invalid_level', `level must be one of ${Object.keys(LEVELS).join(', ')}.`);
    if (LEVELS[level] < unit.length) throw badRequest('invalid_level', `level ${level} is above unit ${unit}.`);
    const stats = await rectificationStats(db, unit, level, dateParam(req.query.from, 'from'), dateParam(req.query.to, 'to'));
    if (req.query.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`rectification-${unit}-${level}.csv`).send(rectificationCsv(stats));
      return;
    }
    if (req.query.format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .attachment(`rectification-${unit}-${level}.xlsx`).send(await rectificationXlsx(stats));
      return;
    }
    if (req.query.format !== undefined && req.query.format !== 'json') throw badRequest('invalid_format', 'format must be json, csv or xlsx.');
    res.json(stats);
  });
  router.get('/trend', async (req, res) => {
    const unit = unitInScope(req);
    const from = dateParam(req.query.from, 'from');
    const to = dateParam(req.query.to, 'to');
    if (from && to && (to < from || to.getTime() - from.getTime() > 10 * 366 * 86400e3)) {
      throw badRequest('invalid_period', 'to must follow from, within ten years.');
    }
    res.json(await monthlyTrend(db, unit, from, to));
  });

  return router;
}
