import { Router, type Request } from 'express';
import { requireActor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { crsParam, toWgs84 } from '../grids/crs.ts';
import { polygonInput } from '../grids/grid-shape.ts';
import { badRequest } from '../http/errors.ts';
import { intParam } from '../http/params.ts';
import {
  acknowledgeWarning, DEFAULT_ACK_MINUTES, getWarning, issueWarning, listWarnings, recipientsCsv, WARNING_LEVELS,
  type WarningInput, type WarningLevel,
} from '../warnings/warnings.ts';
import type { MultiPolygon, Polygon } from 'geojson';

const idOf = (req: Request) => intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER);

function warningInput(req: Request): WarningInput {
  const b = req.body ?? {};
  if (b.type !== 'Feature') throw badRequest('invalid_geojson', 'The body must be a GeoJSON Feature (geometry null with properties.disaster_id to warn a disaster\'s area).');
  const p = (b.properties ?? {}) as Record<string, unknown>;
  if (!WARNING_LEVELS.includes(p.level as WarningLevel)) throw badRequest('invalid_level', `level must be one of ${WARNING_LEVELS.join(', ')}.`);
  if (typeof p.message !== 'string' || !p.message.trim() || p.message.length > 500) {
    throw badRequest('invalid_message', 'message must be the text to send, 1 to 500 characters.');
  }
  const disasterId = p.disaster_id == null ? null : intParam('disaster_id', String(p.disaster_id), 1, Number.MAX_SAFE_INTEGER);
  let area: Polygon | MultiPolygon | null = null;
  if (b.geometry) {
    const g = b.geometry;
    area = g.type === 'MultiPolygon'
      ? { type: 'MultiPolygon', coordinates: (Array.isArray(g.coordinates) ? g.coordinates : []).map((c: unknown) => polygonInput({ type: 'Polygon', coordinates: c }).coordinates) }
      : polygonInput(g);
    if (area.type === 'MultiPolygon' && !area.coordinates.length) throw badRequest('invalid_geojson', 'geometry has no polygon.');
    area = toWgs84(area, crsParam(req.query.crs));
  } else if (disasterId === null) {
    throw badRequest('missing_area', 'Give the warning area as the geometry, or properties.disaster_id to warn a disaster\'s area.');
  }
  const ackMinutes = p.ack_minutes == null ? DEFAULT_ACK_MINUTES : intParam('ack_minutes', String(p.ack_minutes), 1, 1440);
  return { area, disasterId, level: p.level as WarningLevel, message: p.message.trim(), ackMinutes };
}

/** Targeted warnings: issue, read (with who acknowledged), list, the SMS list, acknowledge. */
export function warningRoutes(db: Pool): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const actor = requireActor(req);
    const input = warningInput(req);
    const id = await withTransaction(db, (client) => issueWarning(client, actor, input));
    const w = await getWarning(db, actor, id);
    res.status(201).location(`/api/warnings/${id}`).json({
      id, grids: w.properties.grids, recipients: w.properties.recipients, totals: w.properties.totals, csv: `/api/warnings/${id}/recipients.csv`,
    });
  });

  router.get('/', async (req, res) => {
    if (req.query.mine !== undefined && !['true', 'false'].includes(String(req.query.mine))) throw badRequest('invalid_parameter', 'mine must be true or false.');
    res.json({ rows: await listWarnings(db, requireActor(req), { mine: req.query.mine === 'true' }) });
  });

  router.get('/:id', async (req, res) => {
    if (req.query.geometry !== undefined && !['true', 'false'].includes(String(req.query.geometry))) {
      throw badRequest('invalid_parameter', 'geometry must be true or false.');
    }
    res.json(await getWarning(db, requireActor(req), idOf(req), { geometry: req.query.geometry === 'true' }));
  });

  router.get('/:id/recipients.csv', async (req, res) => {
    const id = idOf(req);
    res.type('text/csv; charset=utf-8').attachment(`warning-${id}-recipients.csv`).send(recipientsCsv(await getWarning(db, requireActor(req), id)));
  });

  router.post('/:id/ack', async (req, res) => {
    const actor = requireActor(req);
    const b = req.body ?? {};
    const gridId = b.grid_id == null ? undefined : intParam('grid_id', String(b.grid_id), 1, Number.MAX_SAFE_INTEGER);
    if (b.note !== undefined && b.note !== null && (typeof b.note !== 'string' || b.note.length > 500)) {
      throw badRequest('invalid_parameter', 'note must be text of at most 500 characters.');
    }
    const id = idOf(req);
    const grids = await withTransaction(db, (client) => acknowledgeWarning(client, actor, id, { gridId, note: b.note?.trim() || undefined }));
    res.json({ id, acknowledged_grids: grids });
  });

  return router;
}
