import type { Request } from 'express';
import { forbidden } from '../http/errors.ts';
import { covers, requireActor, type Actor } from './actor.ts';

/** Grid boundaries are drawn by planners only, and only inside their own jurisdiction. */
export function requirePlanner(req: Request): Actor {
  const actor = requireActor(req);
  if (actor.role !== 'planner') throw forbidden('Only planners edit micro-grid boundaries.');
  return actor;
}

export function assertCovers(actor: Actor, code: string): void {
  if (!covers(actor.jurisdiction, code)) {
    throw forbidden(`${code} is outside your jurisdiction (${actor.jurisdiction}).`);
  }
}
