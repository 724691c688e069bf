import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const post = (body: unknown, raw = false) => fetch(`${server.baseUrl}/api/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: raw ? (body as string) : JSON.stringify(body),
});

describe('sign-in', () => {
  it('signs in with an HTTP-only cookie and says who is acting', async () => {
    const res = await post({ username: 'leader', password: 'gridwatch' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ username: 'leader', role: 'leader', jurisdiction: '532327101' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    const me = await fetch(`${server.baseUrl}/api/session`, { headers: { cookie: cookie.split(';')[0] } });
    expect(await me.json()).toMatchObject({ username: 'leader', jurisdiction: '532327101' });
  });

  it('stores only a hash of the session token', async () => {
    const cookie = await signIn(server.baseUrl, 'planner');
    const token = cookie.split('=')[1];
    const { rows } = await server.db.pool.query('select count(*)::int as n from app_session where token_hash = $1', [token]);
    expect(rows[0].n).toBe(0);
  });

  it('rejects a wrong password or unknown user with 401, and malformed input with 400', async () => {
    expect((await post({ username: 'chief', password: 'wrong' })).status).toBe(401);
    expect((await post({ username: 'nobody', password: 'gridwatch' })).status).toBe(401);
    const bad = await post({ username: 'chief' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid_credentials_format' });
    const garbled = await post('{"username": ', true);
    expect(garbled.status).toBe(400);
    expect(await garbled.json()).toMatchObject({ error: expect.any(String), code: expect.any(String) });
  });

  it('signs out, after which the cookie no longer works', async () => {
    const cookie = await signIn(server.baseUrl, 'worker');
    const out = await fetch(`${server.baseUrl}/api/session`, { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(204);
    expect((await fetch(`${server.baseUrl}/api/session`, { headers: { cookie } })).status).toBe(401);
  });

  it('answers 401 to GET without a session', async () => {
    const res = await fetch(`${server.baseUrl}/api/session`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthorized' });
  });
});
