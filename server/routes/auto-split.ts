import { Router } from 'express';
import { assertCovers, requirePlanner } from '../auth/planner.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { acceptSplit, countHouseholds, DEFAULT_SIZE, proposeSplit } from '../grids/auto-split.ts';
import { polygonInput } from '../grids/grid-shape.ts';
import { getGrid, visibleTo } from '../grids/grids.ts';
import { badRequest } from '../http/errors.ts';
import { intParam, unitCodeParam } from '../http/params.ts';

const groupParam = (raw: unknown) => {
  const code = unitCodeParam('code', raw);
  if (code.length !== 15) throw badRequest('invalid_unit', 'Auto-split works on a village group (a 15-digit code).');
  return code;
};

/** Auto-split of a village group into grids of 10–20 households: a preview (no writes), then acceptance. */
export function autoSplitRoutes(db: Pool): Router {
  const router = Router();

  router.post('/:code/auto-split', async (req, res) => {
    const actor = requirePlanner(req);
    const code = groupParam(req.params.code);
    assertCovers(actor, code);
    const b = req.body ?? {};
    const min = b.min === undefined ? DEFAULT_SIZE.min : intParam('min', String(b.min), 1, 500);
    const max = b.max === undefined ? DEFAULT_SIZE.max : intParam('max', String(b.max), 1, 1000);
    if (max < 2 * min - 1) throw badRequest('invalid_size', `max must be at least 2·min - 1 (${2 * min - 1}) for every grid to fit.`);
    res.json(await proposeSplit(db, code, { min, max }));
  });

  // Counts for proposals the planner has adjusted, before accepting them.
  router.post('/:code/auto-split/count', async (req, res) => {
    const actor = requirePlanner(req);
    const code = groupParam(req.params.code);
    assertCovers(actor, code);
    const fc = req.body?.proposals;
    if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features) || fc.features.length === 0) {
      throw badRequest('invalid_body', 'proposals must be a GeoJSON FeatureCollection of Polygons.');
    }
    const polygons = fc.features.map((f: { geometry: unknown }, i: number) => polygonInput(f?.geometry, `proposal ${i + 1}`));
    res.json({ counts: await countHouseholds(db, polygons) });
  });

  router.post('/:code/auto-split/accept', async (req, res) => {
    const actor = requirePlanner(req);
    const code = groupParam(req.params.code);
    const fc = req.body?.proposals;
    if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features) || fc.features.length === 0) {
      throw badRequest('invalid_body', 'proposals must be a GeoJSON FeatureCollection of Polygons.');
    }
    const polygons = fc.features.map((f: { geometry: unknown }, i: number) => polygonInput(f?.geometry, `proposal ${i + 1}`));
    const reason = typeof req.body.reason === 'string' ? req.body.reason.slice(0, 500) : undefined;
    const ids = await withTransaction(db, (client) => acceptSplit(client, actor, code, polygons, reason));
    const features = await Promise.all(ids.map(async (id) => visibleTo((await getGrid(db, id))!, actor.jurisdiction)));
    res.status(201).json({ grids: { type: 'FeatureCollection', features } });
  });

  return router;
}
