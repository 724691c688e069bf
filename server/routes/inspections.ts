import { Router } from 'express';
import { requireActor, unitInScope } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { badRequest } from '../http/errors.ts';
import { dateParam } from '../http/params.ts';
import { inspectionDuties, recordInspection } from '../inspections/inspections.ts';

const KINDS = ['township', 'enterprise', 'project'];

/** Leaders' monthly inspections: record a visit; see every duty of a month and who is behind. */
export function inspectionRoutes(db: Pool): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const unit = unitInScope(req);
    const month = req.query.month;
    if (month !== undefined && (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))) {
      throw badRequest('invalid_month', 'month must be YYYY-MM.');
    }
    res.json(await inspectionDuties(db, unit, month ? new Date(`${month}-01T00:00:00Z`) : new Date()));
  });

  router.post('/', async (req, res) => {
    const actor = requireActor(req);
    const b = req.body ?? {};
    if (!KINDS.includes(b.target_kind)) throw badRequest('invalid_target_kind', `target_kind must be one of ${KINDS.join(', ')}.`);
    if (typeof b.target_code !== 'string' || !/^\d{1,17}$/.test(b.target_code)) {
      throw badRequest('invalid_target_code', 'target_code must be a township code or a risk point id.');
    }
    if (b.covert !== undefined && typeof b.covert !== 'boolean') throw badRequest('invalid_parameter', 'covert must be true or false.');
    if (b.note !== undefined && (typeof b.note !== 'string' || b.note.length > 2000)) throw badRequest('invalid_parameter', 'note must be text.');
    const at = dateParam(b.at, 'at') ?? new Date();
    if (at.getTime() > Date.now() + 60_000) throw badRequest('invalid_date', 'An inspection cannot be recorded in the future.');
    const id = await withTransaction(db, (client) => recordInspection(client, actor, {
      targetKind: b.target_kind, targetCode: b.target_code, at, covert: b.covert ?? false, note: b.note,
    }));
    res.status(201).json({ id });
  });

  return router;
}
