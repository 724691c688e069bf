import { Router } from 'express';
import { covers, requireActor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { unitCodeParam } from '../http/params.ts';
import { listPeople } from '../people/people.ts';

const ROLES = ['chief', 'leader', 'worker'];

/** Grid workers and leaders of a unit (signed-in, within the jurisdiction): for assigning a grid's worker. */
export function peopleRoutes(db: Pool): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const unit = req.query.unit === undefined ? actor.jurisdiction : unitCodeParam('unit', req.query.unit);
    if (!covers(actor.jurisdiction, unit) && !covers(unit, actor.jurisdiction)) {
      throw forbidden(`${unit} is outside your jurisdiction (${actor.jurisdiction}).`);
    }
    const scope = covers(actor.jurisdiction, unit) ? unit : actor.jurisdiction;
    const role = req.query.role;
    if (role !== undefined && (typeof role !== 'string' || !ROLES.includes(role))) {
      throw badRequest('invalid_role', `role must be one of ${ROLES.join(', ')}.`);
    }
    const name = typeof req.query.name === 'string' && req.query.name.trim() ? req.query.name.trim().slice(0, 20) : undefined;
    res.json({ people: await listPeople(db, { unit: scope, role: role as string | undefined, name }) });
  });
  return router;
}
