import express, { Router, type Request } from 'express';
import { requireActor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { crsParam } from '../grids/crs.ts';
import { badRequest } from '../http/errors.ts';
import { intParam } from '../http/params.ts';
import { fromGpx } from '../patrols/gpx.ts';
import { MAX_TRACK_BODY } from '../patrols/patrol-rules.ts';
import { deleteDay, getPatrol, ingestTrack, listPatrols, writableWorker } from '../patrols/patrols.ts';
import { fromJsonBody } from '../patrols/track-input.ts';

const GPX_TYPES = ['application/gpx+xml', 'application/xml', 'text/xml'];

/**
 * Body parsers for /api/patrols only, mounted before the application's own (which then skips a parsed body): a
 * day's track at one fix a second is megabytes, far over the limit every other route keeps.
 */
export const patrolBodyParsers = [
  express.json({ limit: MAX_TRACK_BODY, type: ['application/json', 'application/geo+json'] }),
  express.text({ limit: MAX_TRACK_BODY, type: GPX_TYPES }),
];

const workerParam = (raw: unknown) => raw === undefined ? undefined : intParam('worker', raw, 1, Number.MAX_SAFE_INTEGER);

function dayParam(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw badRequest('invalid_day', 'day must be a date YYYY-MM-DD (the county\'s calendar day).');
  }
  return text;
}

function trackOf(req: Request) {
  if (req.is(GPX_TYPES)) {
    if (typeof req.body !== 'string' || req.body.trim() === '') throw badRequest('empty_track', 'The GPX body is empty.');
    return fromGpx(req.body);
  }
  if (req.body === undefined) {
    throw badRequest('unsupported_track', 'Send the track as JSON ({points} or GeoJSON) or GPX (Content-Type: application/gpx+xml).');
  }
  return fromJsonBody(req.body);
}

/** Patrol tracks: upload (cleaned, split, coverage counted), read back with times for playback, delete a day. */
export function patrolRoutes(db: Pool): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const actor = requireActor(req);
    const crs = crsParam(req.query.crs);
    const points = trackOf(req);
    const worker = await writableWorker(db, actor, workerParam(req.query.worker));
    res.status(201).json(await ingestTrack(db, worker, points, crs));
  });

  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    if (req.query.worker === undefined || req.query.day === undefined) {
      throw badRequest('missing_parameter', 'Name the worker and the day: /api/patrols?worker=ID&day=YYYY-MM-DD.');
    }
    res.json(await listPatrols(db, actor, { workerId: workerParam(req.query.worker), day: dayParam(req.query.day) }));
  });

  router.get('/:id', async (req, res) => {
    const actor = requireActor(req);
    res.json(await getPatrol(db, actor, intParam('id', req.params.id, 1, Number.MAX_SAFE_INTEGER)));
  });

  router.delete('/', async (req, res) => {
    const actor = requireActor(req);
    const day = dayParam(req.query.day);
    const worker = await writableWorker(db, actor, workerParam(req.query.worker));
    res.json({ worker: worker.id, day, ...(await deleteDay(db, worker, day)) });
  });

  return router;
}
