import type { NextFunction, Request, Response } from 'express';
import type { Pool } from '../db/pool.ts';
import { forbidden, unauthorized } from '../http/errors.ts';
import { unitCodeParam } from '../http/params.ts';
import { findSession, SESSION_COOKIE } from './sessions.ts';

export type Role = 'chief' | 'leader' | 'worker' | 'planner' | 'viewer' | 'department';

/** Who is acting on a request: every read is scoped by the jurisdiction, every write records the username. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** An administrative unit code (6/9/12/15 digits) or a grid code (17): the actor sees what lies under it. */
  jurisdiction: string;
  personId: number | null;
  /** For role department: which county department (fire, housing, …) the user answers for. */
  departmentCode: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

/** The county code of a jurisdiction: its first six digits. */
export const countyOf = (jurisdiction: string) => jurisdiction.slice(0, 6);

/** Codes nest by prefix (county 532327 ⊃ township 532327101 ⊃ … ⊃ grid), so covering is a prefix test. */
export const covers = (jurisdiction: string, code: string) => code.startsWith(jurisdiction);

/**
 * The session token a request carries: the cookie, or the same token as `Authorization: Bearer`, which desktop GIS
 * (GDAL, QGIS) can send where a cookie is awkward. One session store either way.
 */
function sessionToken(req: Request): string | undefined {
  const cookie = req.cookies?.[SESSION_COOKIE] ?? sessionCookie(req.headers.cookie);
  if (typeof cookie === 'string' && cookie.length > 0) return cookie;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return m?.[1];
}

/**
 * The session cookie read straight from the header, for routes mounted before cookie-parser (tiles): they need this
 * one cookie, and only for private layers. Decoded as cookie-parser does; a malformed value is no session.
 */
function sessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The actor of a request that did not go through loadActor: looked up on demand, once. */
export async function actorOf(db: Pool, req: Request): Promise<Actor | undefined> {
  if (req.actor) return req.actor;
  const token = sessionToken(req);
  if (token) req.actor = (await findSession(db, token)) ?? undefined;
  return req.actor;
}

/** Attaches req.actor when the request names a live session; anonymous requests go on without one. */
export function loadActor(db: Pool) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = sessionToken(req);
    if (token) {
      req.actor = (await findSession(db, token)) ?? undefined;
    }
    next();
  };
}

export function requireActor(req: Request): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/**
 * The unit a request asks about (?unit=, or the raw value given; default the actor's jurisdiction), which must lie
 * within the jurisdiction.
 */
export function unitInScope(req: Request, raw: unknown = req.query.unit): string {
  const actor = requireActor(req);
  if (raw === undefined) return actor.jurisdiction;
  const unit = unitCodeParam('unit', raw);
  if (!covers(actor.jurisdiction, unit)) throw forbidden(`${unit} is outside your jurisdiction (${actor.jurisdiction}).`);
  return unit;
}
