import { Router, type Request } from 'express';
import { requireActor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { bufferParam, DISASTER_KINDS, footprintInput, type DisasterKind } from '../disasters/disaster-input.ts';
import {
  getReport, listReports, produceReport, REPORT_KINDS, reportCsv, reportXlsx, type ReportKind,
} from '../disasters/disaster-reports.ts';
import { createDisaster, getDisaster, listDisasters } from '../disasters/disasters.ts';
import { disasterImpact } from '../disasters/impact.ts';
import { reportPage } from '../disasters/report-page.ts';
import {
  assignTask, DEFAULT_HOUSEHOLDS_PER_TASK, FIGURE_KEYS, getTask, listTasks, planTasks, TASK_ACTIONS, taskTransition,
  type TaskAction, type TaskFigures,
} from '../disasters/verification-tasks.ts';
import { crsParam } from '../grids/crs.ts';
import { badRequest } from '../http/errors.ts';
import { dateParam, intParam } from '../http/params.ts';

const idParam = (req: Request, name = 'id') => intParam(name, req.params[name], 1, Number.MAX_SAFE_INTEGER);

function figuresParam(raw: unknown): TaskFigures | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('invalid_figures', `figures must be an object of ${FIGURE_KEYS.join(', ')}.`);
  const f = raw as Record<string, unknown>;
  const unknown = Object.keys(f).filter((k) => !(FIGURE_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw badRequest('invalid_figures', `Unknown figures: ${unknown.join(', ')}.`);
  const missing = FIGURE_KEYS.filter((k) => !(Number.isInteger(f[k]) && (f[k] as number) >= 0 && (f[k] as number) <= 1_000_000));
  if (missing.length) throw badRequest('invalid_figures', `Each figure is a whole number from 0; check ${missing.join(', ')}.`);
  return Object.fromEntries(FIGURE_KEYS.map((k) => [k, f[k]])) as unknown as TaskFigures;
}

const text = (raw: unknown, name: string, max: number) => {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > max) throw badRequest('invalid_parameter', `${name} must be text of at most ${max} characters.`);
  return raw.trim() || undefined;
};

/** Disasters, their impact, the verification plan and tasks, and the reports (all within the actor's county). */
export function disasterRoutes(db: Pool): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const actor = requireActor(req);
    const b = req.body ?? {};
    const props = (b.properties ?? {}) as Record<string, unknown>;
    if (!DISASTER_KINDS.includes(props.kind as DisasterKind)) throw badRequest('invalid_kind', `kind must be one of ${DISASTER_KINDS.join(', ')}.`);
    const occurredAt = dateParam(props.occurred_at, 'occurred_at');
    if (!occurredAt) throw badRequest('missing_field', 'occurred_at is required (ISO 8601).');
    if (occurredAt.getTime() > Date.now() + 3600e3) throw badRequest('invalid_date', 'occurred_at lies in the future.');
    const footprint = footprintInput(b, crsParam(req.query.crs));
    const id = await withTransaction(db, (client) => createDisaster(client, actor, {
      footprint, kind: props.kind as DisasterKind, occurredAt, description: text(props.description, 'description', 2000),
    }));
    res.status(201).location(`/api/disasters/${id}`).json(await getDisaster(db, actor, id));
  });

  router.get('/', async (req, res) => {
    res.json({ rows: await listDisasters(db, requireActor(req)) });
  });

  router.get('/:id', async (req, res) => {
    res.json(await getDisaster(db, requireActor(req), idParam(req)));
  });

  router.get('/:id/impact', async (req, res) => {
    const actor = requireActor(req);
    const id = idParam(req);
    await getDisaster(db, actor, id); // 404 before any work
    res.json(await disasterImpact(db, id, bufferParam(req.query.buffer), actor.jurisdiction));
  });

  router.post('/:id/tasks', async (req, res) => {
    const actor = requireActor(req);
    const b = req.body ?? {};
    const mode = b.mode ?? 'grid';
    if (mode !== 'grid' && mode !== 'households') throw badRequest('invalid_mode', 'mode must be grid (one task per grid) or households.');
    const per = b.households_per_task === undefined ? DEFAULT_HOUSEHOLDS_PER_TASK
      : intParam('households_per_task', String(b.households_per_task), 5, 500);
    const id = idParam(req);
    const created = await withTransaction(db, (client) => planTasks(client, actor, id, { mode, bufferM: bufferParam(b.buffer), householdsPerTask: per }));
    res.status(201).json({ created, ...(await listTasks(db, actor, id)) });
  });

  router.get('/:id/tasks', async (req, res) => {
    const actor = requireActor(req);
    if (req.query.mine !== undefined && !['true', 'false'].includes(String(req.query.mine))) throw badRequest('invalid_parameter', 'mine must be true or false.');
    res.json(await listTasks(db, actor, idParam(req), { mine: req.query.mine === 'true' }));
  });

  router.get('/:id/tasks/:taskId', async (req, res) => {
    res.json(await getTask(db, requireActor(req), idParam(req), idParam(req, 'taskId')));
  });

  router.patch('/:id/tasks/:taskId', async (req, res) => {
    const actor = requireActor(req);
    const b = req.body ?? {};
    const personId = b.person_id === undefined ? undefined : b.person_id === null ? null : intParam('person_id', String(b.person_id), 1, Number.MAX_SAFE_INTEGER);
    const team = b.team === undefined ? undefined : b.team === null ? null : text(b.team, 'team', 100) ?? null;
    if (team === undefined && personId === undefined) throw badRequest('missing_field', 'Give a team, a person_id, or both.');
    const [id, taskId] = [idParam(req), idParam(req, 'taskId')];
    await withTransaction(db, (client) => assignTask(client, actor, id, taskId, { team, personId }));
    res.json(await getTask(db, actor, id, taskId));
  });

  router.post('/:id/tasks/:taskId/transitions', async (req, res) => {
    const actor = requireActor(req);
    const b = req.body ?? {};
    if (!TASK_ACTIONS.includes(b.action)) throw badRequest('invalid_action', `action must be one of ${TASK_ACTIONS.join(', ')}.`);
    const [id, taskId] = [idParam(req), idParam(req, 'taskId')];
    await withTransaction(db, (client) => taskTransition(client, actor, id, taskId, {
      action: b.action as TaskAction, figures: figuresParam(b.figures), reason: text(b.reason, 'reason', 2000),
      personId: b.person_id === undefined ? undefined : intParam('person_id', String(b.person_id), 1, Number.MAX_SAFE_INTEGER),
      version: b.version === undefined ? undefined : intParam('version', String(b.version), 1, Number.MAX_SAFE_INTEGER),
    }));
    res.json(await getTask(db, actor, id, taskId));
  });

  router.post('/:id/reports', async (req, res) => {
    const actor = requireActor(req);
    const kind = req.body?.kind as ReportKind;
    if (!REPORT_KINDS.includes(kind)) throw badRequest('invalid_kind', `kind must be one of ${REPORT_KINDS.join(', ')}.`);
    const id = idParam(req);
    const reportId = await withTransaction(db, (client) => produceReport(client, actor, id, kind));
    res.status(201).location(`/api/disasters/${id}/reports/${reportId}`).json(await getReport(db, actor, id, reportId));
  });

  router.get('/:id/reports', async (req, res) => {
    res.json({ rows: await listReports(db, requireActor(req), idParam(req)) });
  });

  router.get('/:id/reports/:reportId', async (req, res) => {
    const report = await getReport(db, requireActor(req), idParam(req), idParam(req, 'reportId'));
    const name = `disaster-${report.content.disaster.id}-${report.kind}-${report.seq}`;
    const format = req.query.format ?? 'json';
    if (format === 'csv') res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(reportCsv(report));
    else if (format === 'xlsx') res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${name}.xlsx`).send(await reportXlsx(report));
    else if (format === 'html') res.type('html').send(reportPage(report));
    else if (format === 'json') res.json(report);
    else throw badRequest('invalid_format', 'format must be json, html, csv or xlsx.');
  });

  return router;
}
