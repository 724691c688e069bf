import { Router } from 'express';
import { requireActor, unitInScope } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { HAZARD_ACTIONS, HAZARD_STATES, type HazardAction, type Severity } from '../hazards/hazard-lifecycle.ts';
import { getHazard, listHazards, reportHazard, transitionHazard, type FiveFixes } from '../hazards/hazards.ts';
import { badRequest } from '../http/errors.ts';
import { bboxParam, dateParam, intParam, pointParam } from '../http/params.ts';

const SEVERITIES: Severity[] = ['minor', 'general', 'major'];

function text(raw: unknown, name: string, max: number, required = false): string | undefined {
  if (raw === undefined || raw === null || raw === '') {
    if (required) throw badRequest('missing_field', `${name} is required.`);
    return undefined;
  }
  if (typeof raw !== 'string' || raw.length > max) throw badRequest('invalid_parameter', `${name} must be text of at most ${max} characters.`);
  return raw.trim();
}

/** Hazards for signed-in actors, within their jurisdiction: report, list, read with history, move along the loop. */
export function hazardRoutes(db: Pool): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const actor = requireActor(req);
    const b = req.body ?? {};
    const props = (b.properties ?? {}) as Record<string, unknown>;
    const severity = props.severity as Severity;
    if (!SEVERITIES.includes(severity)) throw badRequest('invalid_severity', `severity must be one of ${SEVERITIES.join(', ')}.`);
    const input = {
      point: pointParam(b.geometry),
      category: text(props.category, 'category', 60, true)!,
      severity,
      description: text(props.description, 'description', 2000),
      riskPointId: props.risk_point_id == null ? undefined : intParam('risk_point_id', String(props.risk_point_id), 1, Number.MAX_SAFE_INTEGER),
      deadlineHours: props.deadline_hours == null ? undefined : intParam('deadline_hours', String(props.deadline_hours), 1, 24 * 365),
    };
    const id = await withTransaction(db, (client) => reportHazard(client, actor, input));
    res.status(201).location(`/api/hazards/${id}`).json(await getHazard(db, actor, id));
  });

  router.get('/', async (req, res) => {
    const scope = unitInScope(req);
    const q = req.query;
    const status = q.status === undefined ? undefined : String(q.status).split(',');
    if (status?.some((s) => !(HAZARD_STATES as readonly string[]).includes(s))) {
      throw badRequest('invalid_status', `status must be among ${HAZARD_STATES.join(', ')}.`);
    }
    if (q.severity !== undefined && !SEVERITIES.includes(q.severity as Severity)) {
      throw badRequest('invalid_severity', `severity must be one of ${SEVERITIES.join(', ')}.`);
    }
    if (q.overdue !== undefined && !['true', 'false'].includes(String(q.overdue))) throw badRequest('invalid_parameter', 'overdue must be true or false.');
    res.json(await listHazards(db, {
      scope, status, severity: q.severity as Severity | undefined, category: text(q.category, 'category', 60),
      bbox: q.bbox === undefined ? undefined : bboxParam(q.bbox), from: dateParam(q.from, 'from'), to: dateParam(q.to, 'to'),
      overdue: q.overdue === 'true', department: text(q.department, 'department', 40),
    }));
  });

  router.get('/:id', async (req, res) => {
    const actor = requireActor(req);
    res.json(await getHazard(db, actor, intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER)));
  });

  router.post('/:id/transitions', async (req, res) => {
    const actor = requireActor(req);
    const id = intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER);
    const b = req.body ?? {};
    if (!(HAZARD_ACTIONS as readonly string[]).includes(b.action)) {
      throw badRequest('invalid_action', `action must be one of ${HAZARD_ACTIONS.join(', ')}.`);
    }
    let fiveFixes: FiveFixes | undefined;
    if (b.action === 'assign') {
      const deadline = dateParam(b.deadline, 'deadline');
      fiveFixes = {
        responsible: text(b.responsible, 'responsible', 100, true)!,
        measures: text(b.measures, 'measures', 2000, true)!,
        deadline: deadline?.toISOString() ?? (() => { throw badRequest('missing_field', 'deadline is required.'); })(),
        funds: text(b.funds, 'funds', 200, true)!,
        acceptor: text(b.acceptor, 'acceptor', 100, true)!,
      };
    }
    await withTransaction(db, (client) => transitionHazard(client, actor, id, {
      action: b.action as HazardAction, note: text(b.note, 'note', 2000), reason: text(b.reason, 'reason', 2000), fiveFixes,
    }));
    res.json(await getHazard(db, actor, id));
  });

  return router;
}
