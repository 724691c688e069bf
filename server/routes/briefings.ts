import { Router } from 'express';
import { requireActor, unitInScope } from '../auth/actor.ts';
import { briefPage } from '../briefings/brief-page.ts';
import {
  composeBrief, generateBrief, getBrief, listBriefs, recordMinutes, setTaskStatus, type BriefSubject, type Decision,
} from '../briefings/briefings.ts';
import type { Actor } from '../auth/actor.ts';
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

const BRIEFERS = ['leader', 'chief', 'department'];
const mayBrief = (role: string) => {
  if (!BRIEFERS.includes(role)) throw forbidden('Briefings are for grid leaders, the chief and county departments.');
};

/** Monthly risk briefings: preview, generate and keep, list, read, print, attach minutes and decisions, follow up tasks. */
export function briefingRoutes(db: Pool): Router {
  const router = Router();

  /**
   * What a brief is to be about, from `unit` or `department`: leaders and the chief brief units in their
   * jurisdiction; a department briefs itself; the chief may brief any department of the county.
   */
  const subjectOf = (req: Parameters<typeof unitInScope>[0], raw: { unit?: unknown; department?: unknown }): BriefSubject => {
    const actor = requireActor(req);
    mayBrief(actor.role);
    if (raw.department !== undefined) {
      if (typeof raw.department !== 'string' || !/^[a-z_]{1,40}$/.test(raw.department)) {
        throw badRequest('invalid_department', 'department must be a department code.');
      }
      if (actor.role !== 'chief' && actor.departmentCode !== raw.department) {
        throw forbidden('A department brief is for that department and the chief.');
      }
      return { department: raw.department, county: actor.jurisdiction.slice(0, 6) };
    }
    if (actor.role === 'department') return { department: actor.departmentCode!, county: actor.jurisdiction.slice(0, 6) };
    const unit = unitInScope(req, raw.unit);
    if (unit.length > 15) throw badRequest('invalid_unit', 'A briefing is for a county, township, village or group.');
    return { unit };
  };

  /** A department writes minutes only on its own briefs; leaders and the chief on those they can read. */
  const mayEdit = async (actor: Actor, id: number) => {
    const brief = await getBrief(db, actor.jurisdiction, id);
    if (actor.role === 'department' && brief.department_code !== actor.departmentCode) {
      throw forbidden('A department records minutes and tasks of its own briefs only.');
    }
  };

  router.get('/preview', async (req, res) => {
    res.json(await composeBrief(db, subjectOf(req, req.query), monthParam(req.query.month)));
  });

  router.post('/', async (req, res) => {
    const actor = requireActor(req);
    const subject = subjectOf(req, req.body ?? {});
    const month = monthParam(req.body?.month);
    const id = await withTransaction(db, (client) => generateBrief(client, db, actor, subject, month));
    res.status(201).location(`/api/briefings/${id}`).json(await getBrief(db, actor.jurisdiction, id));
  });

  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const q = req.query;
    const unit = q.unit === undefined ? undefined : unitInScope(req, q.unit);
    if (q.department !== undefined && (typeof q.department !== 'string' || !/^[a-z_]{1,40}$/.test(q.department))) {
      throw badRequest('invalid_department', 'department must be a department code.');
    }
    const month = q.month === undefined ? undefined : monthParam(q.month);
    res.json({ rows: await listBriefs(db, actor.jurisdiction, { unit, department: q.department as string | undefined, month }) });
  });

  router.patch('/tasks/:taskId', async (req, res) => {
    const actor = requireActor(req);
    mayBrief(actor.role);
    const status = req.body?.status;
    if (status !== 'open' && status !== 'done') throw badRequest('invalid_status', 'status must be open or done.');
    const taskId = intParam('taskId', req.params.taskId, 1, Number.MAX_SAFE_INTEGER);
    res.json(await withTransaction(db, (client) => setTaskStatus(client, actor, taskId, status)));
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
    mayBrief(actor.role);
    const id = intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER);
    await mayEdit(actor, id);
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
