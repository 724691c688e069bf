// Leaders' monthly inspections (明查暗访): who is behind, and a recorded visit taking a duty off that list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, lastMonth } from '../support/api-call.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let chief: string;
let leader: string;
let worker: string;

beforeAll(async () => {
  server = await startTestServer();
  [chief, leader, worker] = await Promise.all(['chief', 'leader', 'worker'].map((u) => signIn(server.baseUrl, u)));
});
afterAll(() => server.close());

const call = (cookie: string, path: string, body?: unknown) => apiCall(server.baseUrl, cookie, path, body);

describe('leaders\' monthly inspections', () => {
  it('list every duty of a month and who is behind', async () => {
    const county = await (await call(chief, `/api/inspections?month=${lastMonth()}`)).json();
    expect(county.duties).toBeGreaterThan(7 + 14 + 24 - 1);
    expect(county.behind).toBeGreaterThan(0);
    expect(county.behind).toBeLessThan(county.duties);
    const township = await (await call(leader, `/api/inspections?month=${lastMonth()}`)).json();
    expect(township.duties).toBeGreaterThan(0);
    expect(township.duties).toBeLessThan(county.duties);
  });

  it('take a duty off the list once its leader records a visit', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const before = await (await call(leader, `/api/inspections?month=${month}`)).json();
    const { rows: [me] } = await server.db.pool.query(`select person_id from app_user where username = 'leader'`);
    const duty = before.rows.find((r: { person_id: number; behind: boolean }) => r.person_id === me.person_id && r.behind);
    expect(duty).toBeDefined();
    const res = await call(leader, '/api/inspections', { target_kind: duty.target_kind, target_code: duty.target_code, covert: true, note: '暗访' });
    expect(res.status).toBe(201);
    const after = await (await call(leader, `/api/inspections?month=${month}`)).json();
    const now = after.rows.find((r: { duty_id: number }) => r.duty_id === duty.duty_id);
    expect(now).toMatchObject({ behind: false, visits: 1, covert_visits: 1 });
    expect(after.behind).toBe(before.behind - 1);
  });

  it('refuses visits to other leaders\' duties, by workers, in the future or malformed', async () => {
    const { rows: [other] } = await server.db.pool.query(`select d.target_kind, d.target_code from inspection_duty d
      join person p on p.id = d.person_id where p.role = 'chief' limit 1`);
    expect((await call(leader, '/api/inspections', { target_kind: other.target_kind, target_code: other.target_code })).status).toBe(404);
    expect((await call(worker, '/api/inspections', { target_kind: 'township', target_code: '532327101' })).status).toBe(403);
    expect((await call(leader, '/api/inspections', { target_kind: 'township', target_code: '532327101', at: '2999-01-01' })).status).toBe(400);
    expect((await call(leader, '/api/inspections', { target_kind: 'palace', target_code: '1' })).status).toBe(400);
    expect((await call(chief, '/api/inspections?month=2026-13')).status).toBe(400);
  });
});
