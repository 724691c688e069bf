import { Router, type Request } from 'express';
import type { Polygon } from 'geojson';
import { requireActor, unitInScope } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { polygonInput } from '../grids/grid-shape.ts';
import { badRequest } from '../http/errors.ts';
import { bboxParam, intParam, pointParam } from '../http/params.ts';
import {
  createRiskPoint, getRiskPoint, gridRisk, listRiskPoints, retireRiskPoint, RISK_KINDS, RISK_LEVELS, updateRiskPoint,
  type RiskLevel, type RiskPointInput,
} from '../risk-points/risk-points.ts';

function oneOf<T extends string>(raw: unknown, name: string, allowed: readonly T[]): T | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!allowed.includes(raw as T)) throw badRequest(`invalid_${name}`, `${name} must be one of ${allowed.join(', ')}.`);
  return raw as T;
}

function input(req: Request, creating: boolean): RiskPointInput {
  const b = req.body ?? {};
  const p = (b.properties ?? {}) as Record<string, unknown>;
  const name = p.name === undefined ? undefined : String(p.name).trim();
  if (name !== undefined && (!name || name.length > 200)) throw badRequest('invalid_name', 'name must be 1 to 200 characters.');
  const at = p.last_inspected_at === undefined ? undefined : new Date(String(p.last_inspected_at));
  if (at && Number.isNaN(at.getTime())) throw badRequest('invalid_date', 'last_inspected_at must be an ISO 8601 time.');
  if (p.attrs !== undefined && (typeof p.attrs !== 'object' || p.attrs === null || Array.isArray(p.attrs))) {
    throw badRequest('invalid_attrs', 'attrs must be an object.');
  }
  const result: RiskPointInput = {
    point: b.geometry === undefined && !creating ? undefined : pointParam(b.geometry),
    area: p.area === undefined ? undefined : p.area === null ? null : polygonInput(p.area, 'area') as Polygon,
    kind: oneOf(p.kind, 'kind', RISK_KINDS),
    level: oneOf(p.level, 'level', RISK_LEVELS) as RiskLevel | undefined,
    name,
    intervalDays: p.inspection_interval_days == null ? undefined : intParam('inspection_interval_days', String(p.inspection_interval_days), 1, 366),
    lastInspectedAt: at,
    attrs: p.attrs as Record<string, unknown> | undefined,
  };
  if (creating && (!result.kind || !result.level || !result.name)) throw badRequest('missing_field', 'kind, level and name are required.');
  return result;
}

/** The risk register (signed-in, within the jurisdiction) and the four-colour risk map of the grids. */
export function riskPointRoutes(db: Pool): Router {
  const router = Router();
  const idOf = (req: Request) => intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER);

  router.get('/', async (req, res) => {
    const q = req.query;
    if (q.inspection_overdue !== undefined && !['true', 'false'].includes(String(q.inspection_overdue))) {
      throw badRequest('invalid_parameter', 'inspection_overdue must be true or false.');
    }
    res.json(await listRiskPoints(db, {
      scope: unitInScope(req), kind: oneOf(q.kind, 'kind', RISK_KINDS), level: oneOf(q.level, 'level', RISK_LEVELS),
      bbox: q.bbox === undefined ? undefined : bboxParam(q.bbox), inspectionOverdue: q.inspection_overdue === 'true',
    }));
  });

  router.get('/:id', async (req, res) => {
    res.json(await getRiskPoint(db, requireActor(req), idOf(req)));
  });

  router.post('/', async (req, res) => {
    const actor = requireActor(req);
    const values = input(req, true);
    const id = await withTransaction(db, (client) => createRiskPoint(client, actor, values as Parameters<typeof createRiskPoint>[2]));
    res.status(201).location(`/api/risk-points/${id}`).json(await getRiskPoint(db, actor, id));
  });

  router.put('/:id', async (req, res) => {
    const actor = requireActor(req);
    const id = idOf(req);
    const values = input(req, false);
    await withTransaction(db, (client) => updateRiskPoint(client, actor, id, values));
    res.json(await getRiskPoint(db, actor, id));
  });

  router.delete('/:id', async (req, res) => {
    const actor = requireActor(req);
    const id = idOf(req);
    await withTransaction(db, (client) => retireRiskPoint(client, actor, id));
    res.json({ id, retired: true });
  });

  return router;
}

/** GET /api/risk-map?unit=: each live grid's colour (红橙黄蓝) and why. */
export function riskMapRoutes(db: Pool): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await gridRisk(db, unitInScope(req)));
  });
  return router;
}
