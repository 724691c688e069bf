import { Router } from 'express';
import type { Actor } from '../auth/actor.ts';
import { requireActor } from '../auth/actor.ts';
import { SESSION_COOKIE, SESSION_TTL_MS, signIn, signOut } from '../auth/sessions.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest, HttpError } from '../http/errors.ts';

const describe = (a: Actor) => ({
  username: a.username,
  display_name: a.displayName,
  role: a.role,
  jurisdiction: a.jurisdiction,
  department_code: a.departmentCode,
  person_id: a.personId,
});

/** Sign-in: POST {username, password} sets an HTTP-only cookie; GET says who is signed in; DELETE signs out. */
export function sessionRoutes(db: Pool, options: { secureCookies: boolean }): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const { username, password } = req.body ?? {};
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      throw badRequest('invalid_credentials_format', 'Send JSON {"username": "...", "password": "..."}.');
    }
    const session = await signIn(db, username, password);
    if (!session) throw new HttpError(401, 'bad_credentials', 'Wrong username or password.');
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      maxAge: SESSION_TTL_MS,
      path: '/',
    });
    res.json(describe(session.actor));
  });

  router.get('/', (req, res) => {
    res.json(describe(requireActor(req)));
  });

  router.delete('/', async (req, res) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string') await signOut(db, token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  return router;
}
