import { expect } from 'vitest';
import { HttpError } from '../../server/http/errors.ts';

/** Runs fn, which must throw an HttpError with this status and code; returns it for more checks. */
export function expectHttpError(fn: () => unknown, status: number, code: string): HttpError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(status);
    expect((err as HttpError).code).toBe(code);
    return err as HttpError;
  }
  throw new Error(`expected an HttpError ${status} ${code}`);
}
