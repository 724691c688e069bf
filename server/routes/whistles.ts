import { Router, type Request } from 'express';
import { requireActor, unitInScope } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { getHazard } from '../hazards/hazards.ts';
import { badRequest } from '../http/errors.ts';
import { dateParam, intParam } from '../http/params.ts';
import { answerWhistle, blowWhistle, departmentStats, lateNotification, listDepartments } from '../whistles/whistles.ts';

const note = (raw: unknown) => {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || raw.length > 2000) throw badRequest('invalid_parameter', 'note must be text of at most 2000 characters.');
  return raw.trim() || undefined;
};

/** Whistles on a hazard (mounted under /api/hazards): blow, acknowledge, act. */
export function whistleRoutes(db: Pool): Router {
  const router = Router();
  const id = (req: Request) => intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER);

  router.post('/:id/whistle', async (req, res) => {
    const actor = requireActor(req);
    const b = req.body ?? {};
    if (!Array.isArray(b.departments) || !b.departments.every((d: unknown) => typeof d === 'string')) {
      throw badRequest('invalid_departments', 'departments must be an array of department codes.');
    }
    const reason = note(b.reason);
    if (!reason) throw badRequest('reason_required', 'Say why the departments are summoned (reason).');
    const ackHours = b.ack_hours === undefined ? undefined : intParam('ack_hours', String(b.ack_hours), 1, 24 * 7);
    await withTransaction(db, (client) => blowWhistle(client, actor, id(req), { departments: b.departments, reason, ackHours }));
    res.status(201).json(await getHazard(db, actor, id(req)));
  });

  for (const step of ['acknowledge', 'act'] as const) {
    router.post(`/:id/whistle/${step}`, async (req, res) => {
      const actor = requireActor(req);
      await withTransaction(db, (client) => answerWhistle(client, actor, id(req), step, note(req.body?.note)));
      res.json(await getHazard(db, actor, id(req)));
    });
  }
  return router;
}

/** The county's departments, the notification of late ones (通报) and statistics by department. */
export function departmentRoutes(db: Pool): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json({ rows: await listDepartments(db, requireActor(req).jurisdiction.slice(0, 6)) });
  });
  router.get('/notification', async (req, res) => {
    const unit = unitInScope(req);
    res.json({ unit, rows: await lateNotification(db, unit, dateParam(req.query.from, 'from'), dateParam(req.query.to, 'to')) });
  });
  router.get('/stats', async (req, res) => {
    const unit = unitInScope(req);
    res.json({ unit, rows: await departmentStats(db, unit) });
  });
  return router;
}
