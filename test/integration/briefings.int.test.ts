// The monthly risk briefing: generated from the figures of the day, kept, printable, with minutes whose decisions
// become tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentDuty } from '../../server/hazards/hazard-checklist.ts';
import { apiCall, lastMonth } from '../support/api-call.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let leader: string;
let worker: string;
let fire: string;
let chief: string;

beforeAll(async () => {
  server = await startTestServer();
  [leader, worker, fire, chief] = await Promise.all(['leader', 'worker', 'fire', 'chief'].map((u) => signIn(server.baseUrl, u)));
});
afterAll(() => server.close());

const call = (cookie: string, path: string, body?: unknown, method?: string) => apiCall(server.baseUrl, cookie, path, body, method);

describe('the monthly risk briefing', () => {
  let id: number;

  it('is generated for a township from that day\'s figures and kept', async () => {
    const res = await call(leader, '/api/briefings', { unit: '532327101', month: lastMonth() });
    expect(res.status).toBe(201);
    const b = await res.json();
    id = b.id;
    const c = b.content;
    expect(c.unit).toMatchObject({ code: '532327101', name: '永定镇' });
    const { rows: [truth] } = await server.db.pool.query(`select count(*)::int as n from hazard z join grid g on g.id = z.grid_id
      where g.code like '532327101%' and z.reported_at >= $1::date and z.reported_at < $1::date + interval '1 month'`, [`${lastMonth()}-01`]);
    expect(c.figures.found).toBe(truth.n);
    expect(c.figures.patrol_coverage).toBeGreaterThan(0.5);
    expect(c.figures.patrol_coverage).toBeLessThanOrEqual(1);
    expect(c.trend).toHaveLength(6);
    expect(c.overdue.length).toBeGreaterThan(0);
    expect(c.major_open.every((h: { severity: string }) => h.severity === 'major')).toBe(true);
  });

  it('takes the minutes, and the decisions become tasks', async () => {
    const res = await call(leader, `/api/briefings/${id}/minutes`, {
      minutes: '会议研判了本月重大风险，决定对逾期隐患挂牌督办。',
      decisions: [{ title: '逾期隐患挂牌督办', assignee: '镇应急办', due: '2027-01-10' }, { title: '复查危房', assignee: '住建所', due: '2027-01-20' }],
    });
    expect(res.status).toBe(200);
    const b = await res.json();
    expect(b.tasks.map((t: { title: string; status: string }) => [t.title, t.status]))
      .toEqual([['逾期隐患挂牌督办', 'open'], ['复查危房', 'open']]);
  });

  it('prints as a page with the figures, lists and minutes', async () => {
    const res = await call(leader, `/api/briefings/${id}/print`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('永定镇');
    expect(html).toContain('月度风险研判简报');
    expect(html).toContain('逾期隐患挂牌督办');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('is for leaders within their jurisdiction, with clear 4xx otherwise', async () => {
    expect((await call(worker, '/api/briefings', { unit: '532327101' })).status).toBe(403);
    expect((await call(leader, '/api/briefings', { unit: '532327102' })).status).toBe(403);
    expect((await call(leader, '/api/briefings', { unit: '532327101', month: '2026-13' })).status).toBe(400);
    expect((await call(leader, `/api/briefings/${id}/minutes`, { minutes: '' })).status).toBe(400);
    expect((await call(leader, `/api/briefings/${id}/minutes`, { minutes: 'x', decisions: [{ title: 'y', assignee: 'z', due: 'soon' }] })).status).toBe(400);
    expect((await call(leader, '/api/briefings/999999')).status).toBe(404);
  });

  it('follows up the decided tasks: done with who and when, listed with the brief', async () => {
    const b = await (await call(leader, `/api/briefings/${id}`)).json();
    const task = b.tasks[0];
    const res = await call(leader, `/api/briefings/tasks/${task.id}`, { status: 'done' }, 'PATCH');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: task.id, status: 'done', done_by: 'leader' });
    const { rows: [row] } = await server.db.pool.query('select status, done_at, done_by from briefing_task where id = $1', [task.id]);
    expect(row.status).toBe('done');
    expect(row.done_at).not.toBeNull();
    const list = await (await call(leader, `/api/briefings?unit=532327101&month=${lastMonth()}`)).json();
    expect(list.rows.find((r: { id: number }) => r.id === id)).toMatchObject({ unit_name: '永定镇', has_minutes: true, tasks: 2, open_tasks: 1 });
    expect((await call(leader, `/api/briefings/tasks/${task.id}`, { status: 'finished' }, 'PATCH')).status).toBe(400);
    expect((await call(leader, '/api/briefings/tasks/999999', { status: 'done' }, 'PATCH')).status).toBe(404);
    // A department does not tick off a township's tasks.
    expect((await call(fire, `/api/briefings/tasks/${task.id}`, { status: 'open' }, 'PATCH')).status).toBe(404);
    expect((await server.db.pool.query('select status from briefing_task where id = $1', [task.id])).rows[0].status).toBe('done');
    expect((await call(leader, `/api/briefings/tasks/${task.id}`, { status: 'open' }, 'PATCH')).status).toBe(200);
    expect((await server.db.pool.query('select done_at from briefing_task where id = $1', [task.id])).rows[0].done_at).toBeNull();
  });
});

describe('a department\'s monthly brief', () => {
  it('covers the hazards of its industries across the county and how it answered whistles', async () => {
    const res = await call(fire, '/api/briefings', { month: lastMonth() });
    expect(res.status).toBe(201);
    const b = await res.json();
    expect(b).toMatchObject({ department_code: 'fire', unit_code: null });
    const c = b.content;
    expect(c.department).toMatchObject({ code: 'fire', name: '县消防救援大队' });
    const categories = departmentDuty('fire')!.categories!;
    expect(categories).toEqual(expect.arrayContaining(['extinguisher_expired', 'ebike_indoor_charging']));
    expect(categories).not.toContain('dangerous_house');
    const { rows: [truth] } = await server.db.pool.query(`select count(*)::int as n from hazard
      where category = any($2) and reported_at >= $1::date and reported_at < $1::date + interval '1 month'`, [`${lastMonth()}-01`, categories]);
    expect(c.figures.found).toBe(truth.n);
    expect(c.figures.found).toBeGreaterThan(0);
    expect(c.overdue.every((h: { category: string }) => categories.includes(h.category))).toBe(true);
    expect(c.whistles).toMatchObject({ summoned: expect.any(Number), on_time: expect.any(Number), late: expect.any(Number) });
    const html = await (await call(fire, `/api/briefings/${b.id}/print`)).text();
    expect(html).toContain('县消防救援大队');
    expect(html).toContain('部门报到');
    // The county's chief reads it and lists it; a township leader does not.
    expect((await call(chief, `/api/briefings?department=fire`)).status).toBe(200);
    expect((await (await call(chief, `/api/briefings?department=fire`)).json()).rows.map((r: { id: number }) => r.id)).toContain(b.id);
    expect((await call(leader, `/api/briefings/${b.id}`)).status).toBe(404);
  });

  it('is for that department and the chief only', async () => {
    expect((await call(fire, '/api/briefings/preview?department=housing')).status).toBe(403);
    expect((await call(leader, '/api/briefings/preview?department=fire')).status).toBe(403);
    expect((await call(worker, '/api/briefings/preview?department=fire')).status).toBe(403);
    expect((await call(chief, '/api/briefings/preview?department=nobody')).status).toBe(404);
    expect((await call(chief, '/api/briefings/preview?department=Fire!')).status).toBe(400);
    const housing = await (await call(chief, `/api/briefings/preview?department=housing&month=${lastMonth()}`)).json();
    expect(housing.department.code).toBe('housing');
    expect(housing.department.categories).toEqual(expect.arrayContaining(['dangerous_house']));
  });
});
