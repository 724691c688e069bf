import type { ErrorRequestHandler, RequestHandler } from 'express';

/** An error the caller can fix: answered with its status and the one error shape used everywhere. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new HttpError(400, code, message, details);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const unauthorized = (message = 'Sign in first (POST /api/session).') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`No route for ${req.method} ${req.path}.`));
};

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: err.message, code: err.code, ...(err.details === undefined ? {} : { details: err.details }) });
    return;
  }
  // Errors raised by body parsers (malformed JSON, body too large) carry the status the client deserves.
  const status = typeof err?.status === 'number' ? err.status : typeof err?.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) {
    res.status(status).json({ error: err.message ?? 'Bad request.', code: err.type ?? 'bad_request' });
    return;
  }
  // Geometry the caller sent that GEOS cannot work with is the caller's to fix, not our fault.
  if (err?.code === 'XX000' && /GEOS|TopologyException|GeoJSON/i.test(String(err.message))) {
    res.status(422).json({ error: `The geometry cannot be processed: ${err.message}`, code: 'invalid_geometry' });
    return;
  }
  // A check constraint refusing a row (e.g. an invalid polygon) means the input broke a rule of the data.
  if (err?.code === '23514') {
    res.status(422).json({ error: `The data breaks a rule of the register (${err.constraint}).`, code: 'constraint_violation' });
    return;
  }
  console.error(`${req.method} ${req.originalUrl} failed:`, err);
  res.status(500).json({ error: 'Internal error; it has been logged.', code: 'internal' });
};

/** A well-formed request the rules refuse (an overlap, a polygon outside its group…); details.where locates it. */
export const unprocessable = (code: string, message: string, details?: unknown) => new HttpError(422, code, message, details);
export const conflict = (code: string, message: string, details?: unknown) => new HttpError(409, code, message, details);
