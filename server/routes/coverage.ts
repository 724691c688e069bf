import { Router } from 'express';
import { unitInScope } from '../auth/actor.ts';
import { partitionGaps } from '../coverage/partition-gaps.ts';
import { patrolCoverage, patrolGaps } from '../coverage/patrol-coverage.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest } from '../http/errors.ts';
import { intParam } from '../http/params.ts';
import { localDay, MAX_GAP_DAYS } from '../patrols/patrol-rules.ts';

function dayParam(raw: unknown, name: string, fallback: string): string {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw badRequest('invalid_date', `${name} must be a date YYYY-MM-DD.`);
  }
  return raw;
}

const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * 86400e3).toISOString().slice(0, 10);

/** Coverage checks, for signed-in actors within their jurisdiction (they name households). */
export function coverageRoutes(db: Pool): Router {
  const router = Router();
  router.get('/partition-gaps', async (req, res) => {
    const unit = unitInScope(req);
    if (unit.length > 15) throw badRequest('invalid_unit', 'unit must be a county, township, village or group code.');
    res.json(await partitionGaps(db, unit));
  });

  // ?from=&to= are local days, both included; by default the last 30 days up to today.
  router.get('/patrols', async (req, res) => {
    const unit = unitInScope(req);
    const today = localDay(Date.now() / 1000);
    const to = dayParam(req.query.to, 'to', today);
    const from = dayParam(req.query.from, 'from', addDays(to, -29));
    if (from > to) throw badRequest('invalid_period', 'from must not be after to.');
    if (Date.parse(to) - Date.parse(from) > 366 * 86400e3) throw badRequest('invalid_period', 'The period is at most a year.');
    res.json(await patrolCoverage(db, unit, from, addDays(to, 1)));
  });

  router.get('/gaps', async (req, res) => {
    const unit = unitInScope(req);
    const days = req.query.days === undefined ? 7 : intParam('days', req.query.days, 1, MAX_GAP_DAYS);
    res.json(await patrolGaps(db, unit, days));
  });
  return router;
}
