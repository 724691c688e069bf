import type { NextFunction, Request, Response } from 'express';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Holds the answer to a write until `fence` resolves: the tile cache hears of changes by NOTIFY, which arrives on
 * its own connection a moment after the commit; without the wait, the user's very next tile request could beat
 * the notification and get the tile from before their edit. Costs writes one database round trip.
 */
export function writeFence(fence: () => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (READS.has(req.method)) {
      next();
      return;
    }
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      fence().catch(() => {}).finally(() => end(...args));
      return res;
    }) as Response['end'];
    next();
  };
}
