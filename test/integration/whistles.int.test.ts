// 网格发现、社区吹哨、部门报到: a whistle summoning two departments, one of which never reports for duty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateLateDepartments } from '../../server/whistles/whistles.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let leader: string;
let fire: string;
let worker: string;
let hazardId: number;

beforeAll(async () => {
  server = await startTestServer();
  [leader, fire, worker] = await Promise.all(['leader', 'fire', 'worker'].map((u) => signIn(server.baseUrl, u)));
  const { rows } = await server.db.pool.query(`select z.id from hazard z join grid g on g.id = z.grid_id
    where g.code like '532327101%' and z.status = 'reported' and z.severity = 'general' order by z.id limit 1`);
  hazardId = rows[0].id;
});
afterAll(() => server.close());

const call = (cookie: string, path: string, body?: unknown, method = 'POST') => fetch(`${server.baseUrl}${path}`, {
  method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
});

describe('blowing the whistle', () => {
  it('lists the county\'s departments and offers the whistle to villages and townships, not to departments', async () => {
    const deps = await (await call(leader, '/api/departments', undefined, 'GET')).json();
    expect(deps.rows.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['fire', 'housing', 'power']));
    expect(deps.rows.find((d: { code: string }) => d.code === 'fire')).toMatchObject({ name: '县消防救援大队', name_en: 'Fire and Rescue Brigade' });
    expect((await call('', '/api/departments', undefined, 'GET')).status).toBe(401);
    // A department account's session says which department it answers for.
    expect(await (await call(fire, '/api/session', undefined, 'GET')).json()).toMatchObject({ role: 'department', department_code: 'fire' });
    expect(await (await call(leader, '/api/session', undefined, 'GET')).json()).toMatchObject({ role: 'leader', department_code: null, person_id: expect.any(Number) });
    const seen = async (cookie: string) => (await (await call(cookie, `/api/hazards/${hazardId}`, undefined, 'GET')).json()).properties;
    expect((await seen(leader)).whistle_actions).toEqual(['blow']);
    expect((await seen(fire)).whistle_actions).toEqual([]);
    // Not summoned yet, a department may not rectify it either.
    expect((await seen(fire)).actor_actions).toEqual([]);
  });

  it('summons departments to a hazard; only villages and townships blow it', async () => {
    expect((await call(worker, `/api/hazards/${hazardId}/whistle`, { departments: ['fire'], reason: 'x' })).status).toBe(403);
    expect((await call(leader, `/api/hazards/${hazardId}/whistle`, { departments: ['police'], reason: 'x' })).status).toBe(400);
    const res = await call(leader, `/api/hazards/${hazardId}/whistle`,
      { departments: ['fire', 'housing'], reason: '危房存在火灾隐患，需消防和住建协同处置', ack_hours: 2 });
    expect(res.status).toBe(201);
    const h = (await res.json()).properties;
    expect(h.whistle.map((s: { department_code: string }) => s.department_code)).toEqual(['fire', 'housing']);
    expect(h.events.at(-1)).toMatchObject({ action: 'whistle', actor: 'leader' });
    expect((await call(leader, `/api/hazards/${hazardId}/whistle`, { departments: ['fire'], reason: 'again' })).status).toBe(409);
  });

  it('shows who reported for duty and escalates the one that never did, listing it in the notification', async () => {
    const mine = await (await call(fire, '/api/hazards?department=fire', undefined, 'GET')).json();
    expect(mine.features.map((f: { id: number }) => f.id)).toEqual([hazardId]);
    expect((await (await call(fire, `/api/hazards/${hazardId}`, undefined, 'GET')).json()).properties.whistle_actions).toEqual(['acknowledge']);
    const ack = await call(fire, `/api/hazards/${hazardId}/whistle/acknowledge`, { note: '已派员到场' });
    expect(ack.status).toBe(200);
    expect((await ack.json()).properties.whistle_actions).toEqual(['act']);
    expect((await call(fire, `/api/hazards/${hazardId}/whistle/act`, { note: '完成检查' })).status).toBe(200);
    // Housing never answers; three hours later its deadline has passed.
    expect(await escalateLateDepartments(server.db.pool, new Date(Date.now() + 3 * 3600e3))).toBe(1);
    const h = (await (await call(leader, `/api/hazards/${hazardId}`, undefined, 'GET')).json()).properties;
    const byCode = Object.fromEntries(h.whistle.map((s: { department_code: string }) => [s.department_code, s]));
    expect(byCode.fire).toMatchObject({ acknowledged_by: 'fire', late: false, escalated_at: null });
    expect(byCode.fire.acted_at).not.toBeNull();
    expect(byCode.housing.acknowledged_at).toBeNull();
    expect(byCode.housing.escalated_at).not.toBeNull();
    expect(h.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['whistle', 'department_acknowledged', 'department_acted', 'department_late']));
    // The notification is read in real time: move the deadline into the past for it.
    await server.db.pool.query(`update whistle_summons set due_at = now() - interval '1 hour' where hazard_id = $1 and department_code = 'housing'`, [hazardId]);
    const note = await (await call(leader, '/api/departments/notification', undefined, 'GET')).json();
    expect(note.rows.map((r: { department_code: string }) => r.department_code)).toEqual(['housing']);
    const stats = await (await call(leader, '/api/departments/stats', undefined, 'GET')).json();
    const housing = stats.rows.find((r: { code: string }) => r.code === 'housing');
    expect(housing).toMatchObject({ summoned: 1, on_time: 0, late: 1 });
  });

  it('lets only summoned departments answer', async () => {
    const housingUser = await signIn(server.baseUrl, 'housing');
    const { rows } = await server.db.pool.query(`select id from hazard where id <> $1 and status = 'reported' limit 1`, [hazardId]);
    expect((await call(housingUser, `/api/hazards/${rows[0].id}/whistle/acknowledge`, {})).status).toBe(404);
    expect((await call(leader, `/api/hazards/${hazardId}/whistle/acknowledge`, {})).status).toBe(403);
  });
});
