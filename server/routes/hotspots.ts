import { Router } from 'express';
import { unitInScope } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { HAZARD_STATES, type HazardState, type Severity } from '../hazards/hazard-lifecycle.ts';
import { hazardCategories } from '../hazards/hazard-checklist.ts';
import {
  CELL_KINDS, CORRECTIONS, DEFAULT_HEX_SIZE, hotspots, SEVERITY_WEIGHTS, type CellKind, type Correction,
} from '../hotspots/hotspots.ts';
import { badRequest } from '../http/errors.ts';
import { dateParam, intParam } from '../http/params.ts';

/** A comma-separated list (or the parameter repeated) whose every item is allowed; undefined when absent. */
function listParam<T extends string>(raw: unknown, name: string, allowed: Iterable<T>): T[] | undefined {
  if (raw === undefined) return undefined;
  const items = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim());
  const ok = new Set<string>(allowed);
  const bad = items.filter((v) => !ok.has(v));
  if (bad.length || !items.length) {
    throw badRequest(`invalid_${name}`, `${name} must be a comma-separated list among ${[...ok].join(', ')}; not ${bad.join(', ') || 'empty'}.`);
  }
  return [...new Set(items)] as T[];
}

/** Hot-spot analysis (Getis–Ord Gi*) of hazards within the actor's jurisdiction, as GeoJSON cells. */
export function hotspotRoutes(db: Pool): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = req.query;
    const unit = unitInScope(req);
    const cells = (q.cells ?? 'grid') as CellKind;
    if (!CELL_KINDS.includes(cells)) throw badRequest('invalid_cells', `cells must be one of ${CELL_KINDS.join(', ')}.`);
    const size = q.size === undefined ? DEFAULT_HEX_SIZE : intParam('size', q.size, 100, 10_000);
    const from = dateParam(q.from, 'from');
    const to = dateParam(q.to, 'to');
    if (from && to && from >= to) throw badRequest('invalid_period', 'from must be before to.');
    const correction = (q.correction ?? 'none') as Correction;
    if (!CORRECTIONS.includes(correction)) throw badRequest('invalid_correction', `correction must be one of ${CORRECTIONS.join(', ')}.`);
    res.json(await hotspots(db, {
      unit, cells, size, from, to, correction,
      severity: listParam<Severity>(q.severity, 'severity', Object.keys(SEVERITY_WEIGHTS) as Severity[]),
      category: listParam(q.category, 'category', hazardCategories()),
      status: listParam<HazardState>(q.status, 'status', HAZARD_STATES),
    }));
  });
  return router;
}
