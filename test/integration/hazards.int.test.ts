// The hazard closed loop through the real API: report, assign with the five fixes, rectify, accept by someone
// else; illegal moves refused without a trace; overdue ones escalated; statistics that add up.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdue } from '../../server/hazards/hazards.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let worker: string;
let leader: string;
let chief: string;
let spot: { lon: number; lat: number; grid: string };
let hazardId: number;

beforeAll(async () => {
  server = await startTestServer();
  [worker, leader, chief] = await Promise.all(['worker', 'leader', 'chief'].map((u) => signIn(server.baseUrl, u)));
  const { rows } = await server.db.pool.query(`select g.code, st_x(p) as lon, st_y(p) as lat
    from app_user u join grid g on g.code = u.jurisdiction, st_pointonsurface(g.geom) p where u.username = 'worker'`);
  spot = { lon: rows[0].lon, lat: rows[0].lat, grid: rows[0].code };
});
afterAll(() => server.close());

const call = (cookie: string, method: string, path: string, body?: unknown) => fetch(`${server.baseUrl}${path}`, {
  method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
});
const report = (cookie: string, props: Record<string, unknown>, coordinates = [spot.lon, spot.lat]) =>
  call(cookie, 'POST', '/api/hazards', { type: 'Feature', geometry: { type: 'Point', coordinates }, properties: props });
const countyTotal = async () => (await (await call(chief, 'GET', '/api/stats/rectification?level=township')).json()).total;
const state = async (id: number) => (await server.db.pool.query(
  `select status, escalation_level, (select count(*)::int from hazard_event where hazard_id = $1) as events from hazard where id = $1`, [id])).rows[0];

describe('the hazard closed loop', () => {
  it('lets a grid worker report a general hazard in their grid, due in 24 hours', async () => {
    const before = await countyTotal();
    const res = await report(worker, { severity: 'general', category: 'private_wiring', description: '私拉电线' });
    expect(res.status).toBe(201);
    const h = await res.json();
    hazardId = h.id;
    expect(h.properties).toMatchObject({ status: 'reported', severity: 'general', grid_code: spot.grid, found_by: 'worker',
      allowed_actions: ['assign', 'reject'] });
    const due = (new Date(h.properties.deadline).getTime() - new Date(h.properties.reported_at).getTime()) / 3600e3;
    expect(due).toBe(24);
    expect(h.properties.events.map((e: { action: string }) => e.action)).toEqual(['report']);
    expect((await countyTotal()).found).toBe(before.found + 1);
  });

  it('refuses bad reports with 4xx and writes nothing', async () => {
    const { rows: [{ n }] } = await server.db.pool.query('select count(*)::int as n from hazard');
    expect((await report(worker, { severity: 'general', category: 'no_such_thing' })).status).toBe(400);
    expect((await report(worker, { severity: 'awful', category: 'private_wiring' })).status).toBe(400);
    expect((await report(worker, { severity: 'general', category: 'private_wiring' }, [500, 26])).status).toBe(400);
    // Outside the worker's own grid: 403; outside every grid: 422.
    expect((await report(worker, { severity: 'general', category: 'private_wiring' }, [101.45, 26.4])).status).toBe(403);
    expect((await report(chief, { severity: 'general', category: 'private_wiring' }, [100, 20])).status).toBe(422);
    expect((await fetch(`${server.baseUrl}/api/hazards`)).status).toBe(401);
    expect((await server.db.pool.query('select count(*)::int as n from hazard')).rows[0].n).toBe(n);
  });

  it('answers an illegal transition with 409 and the allowed actions, changing nothing', async () => {
    const before = await state(hazardId);
    const res = await call(leader, 'POST', `/api/hazards/${hazardId}/transitions`, { action: 'accept' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'illegal_transition', details: { status: 'reported', allowed: ['assign', 'reject'] } });
    expect((await call(leader, 'POST', `/api/hazards/${hazardId}/transitions`, { action: 'fix_on_spot' })).status).toBe(409);
    expect((await call(leader, 'POST', `/api/hazards/${hazardId}/transitions`, { action: 'assign', responsible: '张三' })).status).toBe(400);
    const byWorker = await call(worker, 'POST', `/api/hazards/${hazardId}/transitions`, {
      action: 'assign', responsible: '张三', measures: 'x', deadline: new Date().toISOString(), funds: '0', acceptor: '李四' });
    expect(byWorker.status).toBe(403);
    expect(await state(hazardId)).toEqual(before);
  });

  it('is assigned with the five fixes, rectified, and closed only when someone else accepts it', async () => {
    const deadline = new Date(Date.now() + 12 * 3600e3).toISOString();
    const assigned = await call(leader, 'POST', `/api/hazards/${hazardId}/transitions`, {
      action: 'assign', responsible: '李建国', measures: '拆除私拉电线，规范布线', deadline, funds: '户主自筹 200 元', acceptor: '王丽',
    });
    expect(assigned.status).toBe(200);
    expect((await assigned.json()).properties).toMatchObject({ status: 'assigned', five_fixes: { responsible: '李建国', acceptor: '王丽' } });
    expect((await call(worker, 'POST', `/api/hazards/${hazardId}/transitions`, { action: 'rectify', note: '已整改' })).status).toBe(200);
    const self = await call(worker, 'POST', `/api/hazards/${hazardId}/transitions`, { action: 'accept' });
    expect(self.status).toBe(403);
    const before = await countyTotal();
    const accepted = await call(leader, 'POST', `/api/hazards/${hazardId}/transitions`, { action: 'accept', note: '验收合格' });
    expect(accepted.status).toBe(200);
    const h = (await accepted.json()).properties;
    expect(h.status).toBe('closed');
    expect(h.closed_at).not.toBeNull();
    expect(h.events.map((e: { action: string }) => e.action)).toEqual(['report', 'assign', 'rectify', 'accept']);
    expect(h.events.map((e: { actor: string }) => e.actor)).toEqual(['worker', 'leader', 'worker', 'leader']);
    expect((await countyTotal()).rectified).toBe(before.rectified + 1);
  });

  it('escalates a general hazard one level each time its deadline passes, with events', async () => {
    const h = await (await report(worker, { severity: 'general', category: 'fire_exit_blocked' })).json();
    const reported = new Date(h.properties.reported_at);
    const at = (hours: number) => new Date(reported.getTime() + hours * 3600e3);
    await escalateOverdue(server.db.pool, at(23));
    expect((await state(h.id)).escalation_level).toBe(0);
    await escalateOverdue(server.db.pool, at(25));
    expect((await state(h.id)).escalation_level).toBe(1);
    await escalateOverdue(server.db.pool, at(24 * 3 + 1));
    const s = await state(h.id);
    expect(s.escalation_level).toBe(3);
    const { rows } = await server.db.pool.query(
      `select at, note from hazard_event where hazard_id = $1 and action = 'overdue_escalated' order by at`, [h.id]);
    expect(rows.map((r) => (new Date(r.at).getTime() - reported.getTime()) / 3600e3)).toEqual([24, 48, 72]);
    expect(rows[2].note).toMatch(/乡镇网格长/);
    // Back in real time the hazard is not yet overdue; moved a day back, the API lists it as overdue.
    await server.db.pool.query(`update hazard set deadline = now() - interval '1 hour' where id = $1`, [h.id]);
    const overdue = await (await call(chief, 'GET', `/api/hazards?overdue=true&unit=${spot.grid}`)).json();
    expect(overdue.features.map((f: { id: number }) => f.id)).toContain(h.id);
  });

  it('has escalated the seeded hazards that were overdue on the day the demo leads up to', async () => {
    const { rows: [r] } = await server.db.pool.query(`select count(*)::int as n from hazard z
      where z.status not in ('closed', 'rejected') and z.reported_at < now() - interval '10 days' and z.severity = 'general'
        and z.escalation_level = 0`);
    expect(r.n).toBe(0);
  });
});

describe('rectification statistics', () => {
  const stats = async (level: string, unit: string) =>
    (await (await call(chief, 'GET', `/api/stats/rectification?level=${level}&unit=${unit}`)).json());
  const sum = (rows: { found: number; rectified: number; overdue: number; major_open: number }[]) => rows.reduce(
    (s, r) => ({ found: s.found + r.found, rectified: s.rectified + r.rectified, overdue: s.overdue + r.overdue, major_open: s.major_open + r.major_open }),
    { found: 0, rectified: 0, overdue: 0, major_open: 0 });
  const pick = (r: { found: number; rectified: number; overdue: number; major_open: number }) =>
    ({ found: r.found, rectified: r.rectified, overdue: r.overdue, major_open: r.major_open });

  it('read close to the practice for the county: about 3,680 found and 87% rectified', async () => {
    const { total } = await stats('township', '532327');
    expect(total.found).toBeGreaterThanOrEqual(3680);
    expect(total.rate).toBeGreaterThan(0.85);
    expect(total.rate).toBeLessThan(0.9);
  });

  it('add up: the county is the sum of its townships, a township the sum of its villages', async () => {
    const county = await stats('township', '532327');
    expect(county.rows).toHaveLength(7);
    expect(sum(county.rows)).toEqual(pick(county.total));
    const township = await stats('village', '532327101');
    expect(township.rows).toHaveLength(12);
    expect(sum(township.rows)).toEqual(pick(township.total));
    expect(pick(county.rows[0])).toEqual(pick(township.total));
    const grids = await stats('grid', '532327101');
    expect(sum(grids.rows)).toEqual(pick(township.total));
  });

  it('give a monthly trend that adds up to the year', async () => {
    const trend = await (await call(chief, 'GET', '/api/stats/trend')).json();
    expect(trend.months.length).toBeGreaterThanOrEqual(12);
    const found = trend.months.reduce((s: number, m: { found: number }) => s + m.found, 0);
    expect(found).toBeGreaterThanOrEqual(3600);
    expect((await call(chief, 'GET', '/api/stats/trend?from=2026-05-01&to=2025-01-01')).status).toBe(400);
  });

  it('export as CSV with a BOM, and refuse bad levels and units', async () => {
    const res = await call(chief, 'GET', '/api/stats/rectification?level=township&format=csv');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM (fetch's text() would hide it)
    const text = bytes.toString('utf8');
    expect(text).toContain('永定镇');
    const xlsx = await call(chief, 'GET', '/api/stats/rectification?level=township&format=xlsx');
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(1 + 1 + 7 + 1); // Chinese headings, keys, 7 townships, the county total
    expect(sheet.getRow(3).getCell(2).value).toBe('永定镇');
    expect(sheet.getRow(10).getCell(3).value).toBe((await countyTotal()).found);
    expect((await call(chief, 'GET', '/api/stats/rectification?level=planet')).status).toBe(400);
    expect((await call(leader, 'GET', '/api/stats/rectification?unit=532327102')).status).toBe(403);
  });
});
