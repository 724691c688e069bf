// Disaster verification: a footprint across two villages, its impact counted against independent counts, a plan of
// tasks with visiting orders, the task states with the re-check rule, and the reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall } from '../support/api-call.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let chief: string;
let leader: string;
let worker: string;
let planner: string;
let footprint: { type: 'Polygon'; coordinates: number[][][] };
let villages: string[];
let disasterId: number;

const call = (cookie: string, path: string, body?: unknown, method?: string) => apiCall(server.baseUrl, cookie, path, body, method);
const feature = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });

beforeAll(async () => {
  server = await startTestServer();
  [chief, leader, worker, planner] = await Promise.all(['chief', 'leader', 'worker', 'planner'].map((u) => signIn(server.baseUrl, u)));
  // A 700 m circle around a point on the border of two neighbouring villages of 永定镇.
  const { rows: [pair] } = await server.db.pool.query(`
    select a.code as a, b.code as b,
           st_asgeojson(st_buffer(st_pointonsurface(st_intersection(a.geom, b.geom))::geography, 700, 16)::geometry, 9)::json as g
    from admin_unit a join admin_unit b on a.code < b.code and a.parent_code = b.parent_code and st_touches(a.geom, b.geom)
    where a.level = 'village' and a.parent_code = '532327101'
      and st_length(st_intersection(a.geom, b.geom)::geography) > 1000
    order by a.code, b.code limit 1`);
  footprint = pair.g;
  villages = [pair.a, pair.b];
});
afterAll(() => server.close());

/** Counts made here, independently of the server's SQL: households and people within the footprint or within metres of it. */
async function truth(metres: number) {
  const { rows: [t] } = await server.db.pool.query(`
    with f as (select st_setsrid(st_geomfromgeojson($1), 4326) as g)
    select count(*)::int as households, coalesce(sum(h.persons), 0)::int as people from household h, f
    where case when $2 > 0 then st_distance(h.geom::geography, f.g::geography) <= $2 else st_covers(f.g, h.geom) end`,
  [JSON.stringify(footprint), metres]);
  return t;
}

describe('a disaster and its impact', () => {
  it('is created from a drawn footprint by a leader or the chief, and refused for others or bad input', async () => {
    const props = { kind: 'landslide', occurred_at: new Date(Date.now() - 3600e3).toISOString(), description: '强降雨引发滑坡', source: 'drawn' };
    const { rows: [{ n }] } = await server.db.pool.query('select count(*)::int as n from disaster');
    for (const [who, body, status] of [
      [worker, feature(footprint, props), 403],
      [planner, feature(footprint, props), 403],
      [leader, feature(footprint, { ...props, kind: 'meteor' }), 400],
      [leader, feature(footprint, { ...props, occurred_at: 'yesterday' }), 400],
      [leader, feature({ type: 'Point', coordinates: footprint.coordinates[0][0] }, props), 400],
      [leader, feature({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, props), 422],
      [leader, feature({ type: 'Polygon', coordinates: [[[101.6, 26.0], [101.7, 26.1], [101.7, 26.0], [101.6, 26.1], [101.6, 26.0]]] }, props), 422],
    ] as const) {
      const res = await call(who, '/api/disasters', body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(status);
    }
    expect((await server.db.pool.query('select count(*)::int as n from disaster')).rows[0].n).toBe(n);
    const res = await call(leader, '/api/disasters', feature(footprint, props));
    expect(res.status).toBe(201);
    const d = await res.json();
    disasterId = d.id;
    expect(d.properties).toMatchObject({ kind: 'landslide', source: 'drawn', description: '强降雨引发滑坡' });
    expect(d.properties.area_m2).toBeGreaterThan(1.4e6);
  });

  it('counts the households and people inside, and within 100 m, as independent counts do', async () => {
    for (const buffer of [0, 100]) {
      const impact = await (await call(leader, `/api/disasters/${disasterId}/impact?buffer=${buffer}`)).json();
      const t = await truth(buffer);
      expect(t.households).toBeGreaterThan(0);
      expect({ households: impact.totals.households, people: impact.totals.people }).toEqual(t);
    }
    const inside = await (await call(leader, `/api/disasters/${disasterId}/impact`)).json();
    const wider = await (await call(leader, `/api/disasters/${disasterId}/impact?buffer=100`)).json();
    expect(wider.totals.households).toBeGreaterThanOrEqual(inside.totals.households);
  });

  it('adds up from grids to groups, villages and the township, with who answers for each', async () => {
    const impact = await (await call(leader, `/api/disasters/${disasterId}/impact`)).json();
    const units = impact.units as { level: string; code: string; parent: string | null; households: number; people: number; responsible: { name: string } | null }[];
    expect(units.filter((u) => u.level === 'village').map((u) => u.code)).toEqual(expect.arrayContaining(villages));
    for (const u of units.filter((x) => x.level !== 'grid')) {
      const children = units.filter((c) => c.parent === u.code);
      expect(children.reduce((s, c) => s + c.households, 0)).toBe(u.households);
      expect(children.reduce((s, c) => s + c.people, 0)).toBe(u.people);
    }
    const [township] = units.filter((u) => u.level === 'township');
    expect(township.households).toBe(impact.totals.households);
    expect(township.responsible?.name).toBeTruthy();
    expect(units.filter((u) => u.level === 'grid').every((g) => g.responsible?.name)).toBe(true);
    expect(impact.grids[0]).toMatchObject({ worker: expect.any(String), group_leader: { name: expect.any(String) } });
  });
});

describe('the verification plan', () => {
  let tasks: { id: number; properties: { households: number; state: string; assignee_person_id: number | null; tour_m: number; version: number } }[];

  it('cuts the area into one task per grid, each with its worker and a visiting order', async () => {
    expect((await call(worker, `/api/disasters/${disasterId}/tasks`, { mode: 'grid' })).status).toBe(403);
    expect((await call(leader, `/api/disasters/${disasterId}/tasks`, { mode: 'streets' })).status).toBe(400);
    const res = await call(leader, `/api/disasters/${disasterId}/tasks`, { mode: 'grid' });
    expect(res.status).toBe(201);
    const body = await res.json();
    tasks = body.features;
    expect(body.created).toBe(tasks.length);
    const impact = await (await call(leader, `/api/disasters/${disasterId}/impact`)).json();
    expect(tasks.reduce((s, t) => s + t.properties.households, 0)).toBe(impact.totals.households);
    expect(tasks.every((t) => t.properties.state === 'ready' && t.properties.assignee_person_id)).toBe(true);
  });

  it('can instead be cut by a number of households per team, replacing a plan nobody has started', async () => {
    const body = await (await call(leader, `/api/disasters/${disasterId}/tasks`, { mode: 'households', households_per_task: 20 })).json();
    const total = body.features.reduce((s: number, t: { properties: { households: number } }) => s + t.properties.households, 0);
    expect(body.features.length).toBe(Math.ceil(total / 20));
    const one = await (await call(leader, `/api/disasters/${disasterId}/tasks/${body.features[0].id}`)).json();
    // The visiting order is a permutation of the task's households, and its length is what the task says.
    const hs = one.properties.households as { id: number; lon: number; lat: number; visit: number }[];
    expect(hs.map((h) => h.visit)).toEqual(hs.map((_, i) => i + 1));
    expect(new Set(hs.map((h) => h.id)).size).toBe(one.properties.households.length);
    tasks = (await (await call(leader, `/api/disasters/${disasterId}/tasks`, { mode: 'grid' })).json()).features;
  });

  it('moves a task through its states; nobody verifies their own figures twice', async () => {
    const task = tasks[0];
    const path = `/api/disasters/${disasterId}/tasks/${task.id}`;
    const { rows: [me] } = await server.db.pool.query(`select person_id from app_user where username = 'worker'`);
    const { rows: [other] } = await server.db.pool.query(`select id from person where role = 'worker' and id <> $1 order by id limit 1`, [me.person_id]);
    // Given to the demo worker and their team.
    const assigned = await call(leader, path, { team: '第一核查组', person_id: me.person_id }, 'PATCH');
    expect(assigned.status).toBe(200);
    expect((await assigned.json()).properties).toMatchObject({ team: '第一核查组', assignee_person_id: me.person_id });
    const step = (who: string, body: unknown) => call(who, `${path}/transitions`, body);
    const figures = { households_affected: 12, people_affected: 40, houses_collapsed: 1, houses_severely_damaged: 2,
      houses_moderately_damaged: 3, houses_slightly_damaged: 4, people_relocated: 9 };
    expect((await step(worker, { action: 'verify', figures })).status).toBe(409); // not started
    expect((await step(worker, { action: 'start' })).status).toBe(200);
    expect((await step(worker, { action: 'verify', figures: { ...figures, people_affected: -1 } })).status).toBe(400);
    expect((await step(worker, { action: 'verify' })).status).toBe(400);
    expect((await step(worker, { action: 'save', figures: { ...figures, houses_collapsed: 0 } })).status).toBe(200);
    const verified = await step(worker, { action: 'verify', figures });
    expect(verified.status).toBe(200);
    expect((await verified.json()).properties).toMatchObject({ state: 'verified', verified_by: 'worker', figures });
    // A re-check must go to someone else.
    expect((await step(worker, { action: 'recheck', reason: 'x', person_id: other.id })).status).toBe(403);
    expect((await step(leader, { action: 'recheck', reason: '倒塌户数存疑', person_id: me.person_id })).status).toBe(409);
    expect((await step(leader, { action: 'recheck', reason: '倒塌户数存疑', person_id: other.id })).status).toBe(200);
    // The worker is no longer its assignee; the leader (a manager) may carry it on, but who verified it last may not verify it again.
    expect((await step(worker, { action: 'start' })).status).toBe(403);
    expect((await step(leader, { action: 'start' })).status).toBe(200);
    const again = await step(leader, { action: 'verify', figures: { ...figures, houses_collapsed: 2 } });
    expect(again.status).toBe(200);
    const events = (await again.json()).properties.events.map((e: { action: string }) => e.action);
    expect(events).toEqual(['planned', 'assign', 'start', 'save', 'verify', 'recheck', 'start', 'verify']);
    const { rows: [row] } = await server.db.pool.query('select state, verified_by, figures from verification_task where id = $1', [task.id]);
    expect(row).toMatchObject({ state: 'verified', verified_by: 'leader', figures: { ...figures, houses_collapsed: 2 } });
    // Now under way, the plan is kept.
    expect((await call(leader, `/api/disasters/${disasterId}/tasks`, { mode: 'grid' })).status).toBe(409);
  });

  it('lists a worker\'s own tasks', async () => {
    const mine = await (await call(worker, `/api/disasters/${disasterId}/tasks?mine=true`)).json();
    expect(mine.features.length).toBe(0); // theirs went to someone else for the re-check
  });
});

describe('the reports', () => {
  it('makes the initial report, then follow-ups, and the verified one only when every task is verified', async () => {
    expect((await call(leader, `/api/disasters/${disasterId}/reports`, { kind: 'follow_up' })).status).toBe(409);
    const initial = await call(leader, `/api/disasters/${disasterId}/reports`, { kind: 'initial' });
    expect(initial.status).toBe(201);
    const r = await initial.json();
    expect(r.content).toMatchObject({ kind: 'initial', title: '初报', progress: { verified: 1 } });
    expect(r.content.figures.houses_collapsed).toBe(2);
    expect(r.content.units.filter((u: { level: string }) => u.level === 'village').map((u: { code: string }) => u.code).sort())
      .toEqual(expect.arrayContaining(villages));
    expect((await call(leader, `/api/disasters/${disasterId}/reports`, { kind: 'initial' })).status).toBe(409);
    expect((await (await call(leader, `/api/disasters/${disasterId}/reports`, { kind: 'follow_up' })).json()).seq).toBe(1);
    const notYet = await call(leader, `/api/disasters/${disasterId}/reports`, { kind: 'verified' });
    expect(notYet.status).toBe(409);
    expect((await notYet.json()).code).toBe('not_verified');

    const html = await (await call(leader, `/api/disasters/${disasterId}/reports/${r.id}?format=html`)).text();
    expect(html).toContain('滑坡灾情初报');
    expect(html).not.toMatch(/<script|https?:\/\//);
    const csv = Buffer.from(await (await call(leader, `/api/disasters/${disasterId}/reports/${r.id}?format=csv`)).arrayBuffer());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheet programs need for UTF-8
    expect(csv.toString('utf8').split('\r\n')[0]).toContain('households_affected');
    const xlsx = await call(leader, `/api/disasters/${disasterId}/reports/${r.id}?format=xlsx`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const list = await (await call(chief, `/api/disasters/${disasterId}/reports`)).json();
    expect(list.rows.map((x: { kind: string }) => x.kind)).toEqual(['initial', 'follow_up']);
  });
});
