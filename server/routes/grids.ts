import { Router, type Request } from 'express';
import { requirePlanner } from '../auth/planner.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { createGrid, mergeGrids, restoreGrid, retireGrid, splitGrid, updateGrid, type GridAttributes } from '../grids/grid-edits.ts';
import { gridHistory } from '../grids/grid-history.ts';
import { kindInput, lineInput, polygonInput } from '../grids/grid-shape.ts';
import { getGrid, listGrids, visibleTo } from '../grids/grids.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { bboxParam, ifMatchVersion, intParam, unitCodeParam } from '../http/params.ts';

const body = (req: Request): Record<string, unknown> => {
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw badRequest('invalid_body', 'Send a JSON object (Content-Type: application/json).');
  }
  return req.body;
};

const optionalText = (raw: unknown, name: string, max: number): string | undefined => {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || raw.length > max) throw badRequest('invalid_parameter', `${name} must be text of at most ${max} characters.`);
  return raw.trim() || undefined;
};

function attributes(props: Record<string, unknown>): GridAttributes {
  const attrs: GridAttributes = { kind: kindInput(props.kind), name: optionalText(props.name, 'name', 100) };
  if ('worker_id' in props) {
    attrs.workerId = props.worker_id === null ? null : intParam('worker_id', String(props.worker_id), 1, Number.MAX_SAFE_INTEGER);
  }
  return attrs;
}

/** A GeoJSON Feature body: its geometry (required or not) and properties. */
function featureBody(req: Request, geometryRequired: boolean) {
  const b = body(req);
  const props = (b.properties ?? {}) as Record<string, unknown>;
  if (typeof props !== 'object' || Array.isArray(props)) throw badRequest('invalid_body', 'properties must be an object.');
  const polygon = b.geometry === undefined && !geometryRequired ? undefined : polygonInput(b.geometry);
  return { polygon, props, reason: optionalText(props.reason ?? b.reason, 'reason', 500) };
}

/**
 * Micro-grids. Reads are public, as the county posts them (网格公示), with counts for actors who answer for the
 * grid; writes are for planners within their jurisdiction, each in one transaction.
 */
export function gridRoutes(db: Pool): Router {
  const router = Router();
  const answerGrid = async (req: Request, id: number) => {
    const grid = await getGrid(db, id);
    if (!grid) throw notFound(`No grid with id ${id}.`);
    return visibleTo(grid, req.actor?.jurisdiction);
  };
  const idParam = (req: Request) => intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER);

  router.get('/', async (req, res) => {
    const bbox = req.query.bbox === undefined ? undefined : bboxParam(req.query.bbox);
    const scope = req.query.unit === undefined ? '' : unitCodeParam('unit', req.query.unit);
    const grids = await listGrids(db, { bbox, scope });
    res.json({ ...grids, features: grids.features.map((f) => visibleTo(f, req.actor?.jurisdiction)) });
  });

  router.get('/:id', async (req, res) => {
    const id = idParam(req);
    const grid = await getGrid(db, id);
    if (!grid) throw notFound(`No grid with id ${id}.`);
    const shown = visibleTo(grid, req.actor?.jurisdiction);
    // What is shown depends on who asks, so the validator does too: a copy fetched signed out must not be reused.
    const view = shown === grid ? 'full' : 'public';
    res.set('ETag', `"${grid.properties?.version}-${view}"`);
    res.set('Vary', 'Cookie');
    res.json(shown);
  });

  router.post('/', async (req, res) => {
    const actor = requirePlanner(req);
    const { polygon, props, reason } = featureBody(req, true);
    const groupCode = props.group_code === undefined ? undefined : unitCodeParam('group_code', props.group_code);
    if (groupCode && groupCode.length !== 15) throw badRequest('invalid_unit', 'group_code must be a 15-digit village group code.');
    const id = await withTransaction(db, (client) =>
      createGrid(client, actor, { polygon: polygon!, groupCode, attrs: attributes(props), reason }));
    res.status(201).location(`/api/grids/${id}`).json(await answerGrid(req, id));
  });

  router.put('/:id', async (req, res) => {
    const actor = requirePlanner(req);
    const id = idParam(req);
    const version = ifMatchVersion(req.get('If-Match'), true);
    const { polygon, props, reason } = featureBody(req, false);
    await withTransaction(db, (client) => updateGrid(client, actor, id, version, { polygon, attrs: attributes(props), reason }));
    res.json(await answerGrid(req, id));
  });

  router.delete('/:id', async (req, res) => {
    const actor = requirePlanner(req);
    const id = idParam(req);
    const version = ifMatchVersion(req.get('If-Match'), false);
    const reason = optionalText(req.body?.reason, 'reason', 500);
    await withTransaction(db, (client) => retireGrid(client, actor, id, version, reason));
    res.json({ id, retired: true });
  });

  router.post('/merge', async (req, res) => {
    const actor = requirePlanner(req);
    const b = body(req);
    if (!Array.isArray(b.ids)) throw badRequest('invalid_ids', 'ids must be an array of grid ids.');
    const ids = b.ids.map((v) => intParam('ids[]', String(v), 1, Number.MAX_SAFE_INTEGER));
    const reason = optionalText(b.reason, 'reason', 500);
    const merged = await withTransaction(db, (client) => mergeGrids(client, actor, ids, reason));
    res.status(201).location(`/api/grids/${merged}`).json(await answerGrid(req, merged));
  });

  router.post('/:id/split', async (req, res) => {
    const actor = requirePlanner(req);
    const id = idParam(req);
    const b = body(req);
    const line = lineInput(b.line);
    const reason = optionalText(b.reason, 'reason', 500);
    const ids = await withTransaction(db, (client) => splitGrid(client, actor, id, line, reason));
    const features = await Promise.all(ids.map((child) => answerGrid(req, child)));
    res.status(201).json({ grids: { type: 'FeatureCollection', features } });
  });

  router.get('/:id/history', async (req, res) => {
    const id = idParam(req);
    const history = await gridHistory(db, id);
    if (!history) throw notFound(`No grid with id ${id}.`);
    res.json(history);
  });

  router.post('/:id/restore', async (req, res) => {
    const actor = requirePlanner(req);
    const id = idParam(req);
    const b = body(req);
    const version = intParam('version', String(b.version), 1, 1_000_000);
    const reason = optionalText(b.reason, 'reason', 500);
    await withTransaction(db, (client) => restoreGrid(client, actor, id, version, reason));
    res.json(await answerGrid(req, id));
  });

  return router;
}
