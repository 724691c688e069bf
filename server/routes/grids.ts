import { Router } from 'express';
import type { Pool } from '../db/pool.ts';
import { getGrid, listGrids, visibleTo } from '../grids/grids.ts';
import { notFound } from '../http/errors.ts';
import { bboxParam, intParam, unitCodeParam } from '../http/params.ts';

/** Micro-grid boundaries, codes and grid workers: public, as the county posts them (网格公示); counts for actors. */
export function gridRoutes(db: Pool): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const bbox = req.query.bbox === undefined ? undefined : bboxParam(req.query.bbox);
    const scope = req.query.unit === undefined ? '' : unitCodeParam('unit', req.query.unit);
    const grids = await listGrids(db, { bbox, scope });
    res.json({ ...grids, features: grids.features.map((f) => visibleTo(f, req.actor?.jurisdiction)) });
  });

  router.get('/:id', async (req, res) => {
    const id = intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER);
    const grid = await getGrid(db, id);
    if (!grid) throw notFound(`No grid with id ${id}.`);
    const shown = visibleTo(grid, req.actor?.jurisdiction);
    // What is shown depends on who asks, so the validator does too: a copy fetched signed out must not be reused.
    const view = shown === grid ? 'full' : 'public';
    res.set('ETag', `"${grid.properties?.version}-${view}"`);
    res.set('Vary', 'Cookie');
    res.json(shown);
  });

  return router;
}
