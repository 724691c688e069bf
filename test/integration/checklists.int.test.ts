// Checks of a risk point on the spot with its standard checklist (安全标准清单): every item answered, a failed item
// opens a hazard of its category at the point in the same transaction, bad checks write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChecklists, checklistFor } from '../../server/checklists/checklists.ts';
import { hazardCategories } from '../../server/hazards/hazard-checklist.ts';
import { apiCall } from '../support/api-call.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let worker: string;
let leader: string;
let planner: string;
let pointId: number;

const call = (cookie: string, path: string, body?: unknown) => apiCall(server.baseUrl, cookie, path, body);
const counts = async () => (await server.db.pool.query(`select (select count(*)::int from risk_point_check) as checks,
  (select count(*)::int from hazard) as hazards`)).rows[0];
const allOk = () => checklistFor('old_house').map((i) => ({ item: i.code, ok: true }));

beforeAll(async () => {
  server = await startTestServer();
  [worker, leader, planner] = await Promise.all(['worker', 'leader', 'planner'].map((u) => signIn(server.baseUrl, u)));
  // An old house in the worker's own grid, registered by the township leader.
  const { rows: [at] } = await server.db.pool.query(`select st_x(p) as lon, st_y(p) as lat from grid, st_pointonsurface(geom) p
    where code = '53232710100100101'`);
  const res = await call(leader, '/api/risk-points', { type: 'Feature', geometry: { type: 'Point', coordinates: [at.lon, at.lat] },
    properties: { kind: 'old_house', level: 'high', name: '张家老宅' } });
  expect(res.status).toBe(201);
  pointId = (await res.json()).id;
});
afterAll(() => server.close());

describe('the standard checklists', () => {
  it('name only hazard categories of the checklist file, one list per kind', () => {
    const known = hazardCategories();
    const lists = allChecklists();
    expect(Object.keys(lists)).toEqual(expect.arrayContaining(['old_house', 'slope', 'crowded_place', 'enterprise', 'project', 'ebike_charging', 'other']));
    for (const items of Object.values(lists)) for (const item of items) expect(known.has(item.category)).toBe(true);
    expect(checklistFor('no_such_kind')).toEqual(lists.other);
  });

  it('gives a risk point its kind\'s list', async () => {
    const res = await call(worker, `/api/risk-points/${pointId}/checklist`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ risk_point_id: pointId, kind: 'old_house', name: '张家老宅' });
    expect(body.items.map((i: { code: string }) => i.code)).toEqual(checklistFor('old_house').map((i) => i.code));
    expect((await (await call(worker, '/api/checklists')).json()).kinds.slope.length).toBeGreaterThan(0);
  });
});

describe('checking a risk point', () => {
  it('records a check that passes and counts it as the inspection, opening nothing', async () => {
    const before = await counts();
    const res = await call(worker, `/api/risk-points/${pointId}/checks`, { answers: allOk() });
    expect(res.status).toBe(201);
    const check = await res.json();
    expect(check).toMatchObject({ risk_point_id: pointId, checked_by: 'worker', failed: 0, hazard_ids: [] });
    expect(check.answers).toHaveLength(4);
    expect(await counts()).toEqual({ checks: before.checks + 1, hazards: before.hazards });
    const { rows: [rp] } = await server.db.pool.query('select last_inspected_at from risk_point where id = $1', [pointId]);
    expect(new Date(rp.last_inspected_at).getTime()).toBe(new Date(check.checked_at).getTime());
  });

  it('opens a hazard of the item\'s category at the point for a failed item, in one step', async () => {
    const answers = allOk().map((a) => (a.item === 'wiring_tidy' ? { ...a, ok: false, note: '厨房私接插线板' } : a));
    const res = await call(worker, `/api/risk-points/${pointId}/checks`, { answers });
    expect(res.status).toBe(201);
    const check = await res.json();
    expect(check.failed).toBe(1);
    expect(check.hazard_ids).toHaveLength(1);
    const failed = check.answers.find((a: { item: string }) => a.item === 'wiring_tidy');
    expect(failed).toMatchObject({ ok: false, note: '厨房私接插线板', hazard_id: check.hazard_ids[0], zh: '用电线路规范，无私拉乱接' });
    const { rows: [h] } = await server.db.pool.query(`select z.category, z.severity, z.status, z.risk_point_id, z.found_by, z.description,
      st_equals(z.geom, r.geom) as at_point from hazard z join risk_point r on r.id = z.risk_point_id where z.id = $1`, [check.hazard_ids[0]]);
    expect(h).toMatchObject({ category: 'private_wiring', severity: 'general', status: 'reported', risk_point_id: pointId, found_by: 'worker', at_point: true });
    expect(h.description).toContain('厨房私接插线板');
    const history = await (await call(worker, `/api/risk-points/${pointId}/checks`)).json();
    expect(history.rows.map((c: { id: number }) => c.id)[0]).toBe(check.id);
  });

  it('can leave a failed item without a new hazard (already reported)', async () => {
    const answers = allOk().map((a) => (a.item === 'extinguisher_valid' ? { ...a, ok: false } : a));
    const before = await counts();
    const res = await call(worker, `/api/risk-points/${pointId}/checks`, { answers, open_hazards: false });
    expect(res.status).toBe(201);
    expect((await res.json())).toMatchObject({ failed: 1, hazard_ids: [] });
    expect((await counts()).hazards).toBe(before.hazards);
  });

  it('refuses bad checks with a clear 4xx and writes nothing', async () => {
    const before = await counts();
    const path = `/api/risk-points/${pointId}/checks`;
    const failing = allOk().map((a) => ({ ...a, ok: false }));
    const cases: [string, unknown, number, string][] = [
      [worker, { answers: 'all fine' }, 400, 'invalid_answers'],
      [worker, { answers: [...failing.slice(0, 3), { item: 'no_such_item', ok: false }] }, 400, 'unknown_item'],
      [worker, { answers: [...failing, failing[0]] }, 400, 'repeated_item'],
      [worker, { answers: failing.slice(0, 2) }, 422, 'incomplete_checklist'],
      [worker, { answers: failing.map((a) => ({ ...a, ok: 'no' })) }, 400, 'invalid_answers'],
      [worker, { answers: failing, open_hazards: 'yes' }, 400, 'invalid_parameter'],
      [planner, { answers: failing }, 403, 'forbidden'],
    ];
    for (const [who, body, status, code] of cases) {
      const res = await call(who, path, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await res.json()).code).toBe(code);
    }
    expect((await call(worker, '/api/risk-points/999999/checks', { answers: failing })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});
