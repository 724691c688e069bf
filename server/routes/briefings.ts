import { Router } from 'express';
import { requireActor, unitInScope } from '../auth/actor.ts';
import { briefPage } from '../briefings/brief-page.ts';
import { composeBrief, generateBrief, getBrief, recordMinutes, type Decision } from '../briefings/briefings.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { intParam } from '../http/params.ts';

function monthParam(raw: unknown): Date {
  if (raw === undefined) {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  }
  if (typeof raw !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(raw)) throw badRequest('invalid_month', 'month must be YYYY-MM.');
  return new Date(`${raw}-01T00:00:00Z`);
}

const leaderOnly = (role: string) => {
  if (!['leader', 'chief'].includes(role)) throw forbidden('Briefings are for grid leaders and the chief.');
};

/** Monthly risk briefings: preview, generate and keep, read, print, attach minutes and decisions. */
export function briefingRoutes(db: Pool): Router {
  const router = Router();
  const unitOf = (req: Parameters<typeof unitInScope>[0], raw?: unknown) => {
    const unit = unitInScope(req, raw ?? req.query.unit);
    if (unit.length > 15) throw badRequest('invalid_unit', 'A briefing is for a county, township, village or group.');
    return unit;
  };

  router.get('/preview', async (req, res) => {
    leaderOnly(requireActor(req).role);
    res.json(await composeBrief(db, unitOf(req), monthParam(req.query.month)));
  });

  router.post('/', async (req, res) => {
    const actor = requireActor(req);
    leaderOnly(actor.role);
    const unit = unitOf(req, req.body?.unit);
    const month = monthParam(req.body?.month);
    const id = await withTransaction(db, (client) => generateBrief(client, db, actor, unit, month));
    res.status(201).location(`/api/briefings/${id}`).json(await getBrief(db, actor.jurisdiction, id));
  });

  router.get('/:id', async (req, res) => {
    const actor = requireActor(req);
    res.json(await getBrief(db, actor.jurisdiction, intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER)));
  });

  router.get('/:id/print', async (req, res) => {
    const actor = requireActor(req);
    const brief = await getBrief(db, actor.jurisdiction, intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER));
    res.type('html').send(briefPage(brief));
  });

  router.post('/:id/minutes', async (req, res) => {
    const actor = requireActor(req);
    leaderOnly(actor.role);
    const id = intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER);
    const b = req.body ?? {};
    if (typeof b.minutes !== 'string' || !b.minutes.trim() || b.minutes.length > 20_000) {
      throw badRequest('invalid_minutes', 'minutes must be the text of the meeting (up to 20,000 characters).');
    }
    const decisions = (b.decisions ?? []) as Decision[];
    if (!Array.isArray(decisions) || !decisions.every((d) => d && typeof d.title === 'string' && d.title.trim()
      && typeof d.assignee === 'string' && d.assignee.trim() && typeof d.due === 'string')) {
      throw badRequest('invalid_decisions', 'decisions must be [{title, assignee, due: YYYY-MM-DD}].');
    }
    await withTransaction(db, (client) => recordMinutes(client, actor, id, b.minutes.trim(), decisions));
    res.json(await getBrief(db, actor.jurisdiction, id));
  });

  return router;
}
