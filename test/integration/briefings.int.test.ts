// The monthly risk briefing: generated from the figures of the day, kept, printable, with minutes whose decisions
// become tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, lastMonth } from '../support/api-call.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let leader: string;
let worker: string;

beforeAll(async () => {
  server = await startTestServer();
  [leader, worker] = await Promise.all(['leader', 'worker'].map((u) => signIn(server.baseUrl, u)));
});
afterAll(() => server.close());

const call = (cookie: string, path: string, body?: unknown) => apiCall(server.baseUrl, cookie, path, body);

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
});
