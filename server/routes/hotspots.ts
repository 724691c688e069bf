import { Router } from 'express';
import { covers, requireActor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { HAZARD_STATES, type HazardState, type Severity } from '../hazards/hazard-lifecycle.ts';
import { hazardCategories } from '../hazards/hazards.ts';
import { CELL_KINDS, DEFAULT_HEX_SIZE, hotspots, SEVERITY_WEIGHTS, type CellKind } from '../hotspots/hotspots.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { intParam, unitCodeParam } from '../http/params.ts';

function dateParam(raw: unknown, name: string): Date | undefined {
  if (raw === undefined) return undefined;
  const d = typeof raw === 'string' ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw badRequest('invalid_date', `${name} must be an ISO 8601 date or time.`);
  return d;
}

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
    const actor = requireActor(req);
    const q = req.query;
    const unit = q.unit === undefined ? actor.jurisdiction : unitCodeParam('unit', q.unit);
    if (!covers(actor.jurisdiction, unit)) throw forbidden(`${unit} is outside your jurisdiction (${actor.jurisdiction}).`);
    const cells = (q.cells ?? 'grid') as CellKind;
    if (!CELL_KINDS.includes(cells)) throw badRequest('invalid_cells', `cells must be one of ${CELL_KINDS.join(', ')}.`);
    const size = q.size === undefined ? DEFAULT_HEX_SIZE : intParam('size', q.size, 100, 10_000);
    const from = dateParam(q.from, 'from');
    const to = dateParam(q.to, 'to');
    if (from && to && from >= to) throw badRequest('invalid_period', 'from must be before to.');
    res.json(await hotspots(db, {
      unit, cells, size, from, to,
      severity: listParam<Severity>(q.severity, 'severity', Object.keys(SEVERITY_WEIGHTS) as Severity[]),
      category: listParam(q.category, 'category', hazardCategories()),
      status: listParam<HazardState>(q.status, 'status', HAZARD_STATES),
    }));
  });
  return router;
}
