import { Router, type Request } from 'express';
import { requireActor } from '../auth/actor.ts';
import { allChecklists, listChecks, recordCheck, riskPointChecklist, type Answer } from '../checklists/checklists.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { intParam } from '../http/params.ts';

const CHECKERS = ['worker', 'leader', 'chief'];

function answersParam(raw: unknown): Answer[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100) {
    throw badRequest('invalid_answers', 'answers must be a list of {item, ok, note?}, one per checklist item.');
  }
  return raw.map((a, i) => {
    if (!a || typeof a !== 'object' || typeof a.item !== 'string' || typeof a.ok !== 'boolean') {
      throw badRequest('invalid_answers', `answers[${i}] must be {item: string, ok: true|false, note?: string}.`);
    }
    if (a.note !== undefined && a.note !== null && (typeof a.note !== 'string' || a.note.length > 1000)) {
      throw badRequest('invalid_answers', `answers[${i}].note must be text of at most 1000 characters.`);
    }
    return { item: a.item, ok: a.ok, note: a.note?.trim() || undefined };
  });
}

/** The standard checklists, and checks of risk points on the spot (mounted under /api/risk-points and /api/checklists). */
export function checklistRoutes(db: Pool): Router {
  const router = Router();
  const idOf = (req: Request) => intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER);

  router.get('/:id/checklist', async (req, res) => {
    res.json(await riskPointChecklist(db, requireActor(req), idOf(req)));
  });

  router.get('/:id/checks', async (req, res) => {
    res.json({ rows: await listChecks(db, requireActor(req), idOf(req)) });
  });

  router.post('/:id/checks', async (req, res) => {
    const actor = requireActor(req);
    if (!CHECKERS.includes(actor.role)) throw forbidden('Risk points are checked by grid workers and leaders.');
    const b = req.body ?? {};
    if (b.open_hazards !== undefined && typeof b.open_hazards !== 'boolean') {
      throw badRequest('invalid_parameter', 'open_hazards must be true or false.');
    }
    const id = idOf(req);
    const checkId = await withTransaction(db, (client) => recordCheck(client, actor, id,
      { answers: answersParam(b.answers), openHazards: b.open_hazards ?? true }));
    const [check] = await listChecks(db, actor, id, checkId);
    res.status(201).location(`/api/risk-points/${id}/checks`).json(check);
  });

  return router;
}

/** GET /api/checklists: every kind's list, for forms that work offline from one download. */
export function checklistCatalogRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    requireActor(req);
    res.json({ kinds: allChecklists() });
  });
  return router;
}
