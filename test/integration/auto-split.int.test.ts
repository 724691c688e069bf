import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let planner: string;
let group: { code: string; households: number };

beforeAll(async () => {
  server = await startTestServer();
  planner = await signIn(server.baseUrl, 'planner');
  const { rows } = await server.db.pool.query(`select code, households from admin_unit
    where level = 'group' and households between 60 and 200 order by code limit 1`);
  group = rows[0];
});
afterAll(() => server.close());

const post = (path: string, body: unknown) => fetch(`${server.baseUrl}${path}`, {
  method: 'POST', headers: { cookie: planner, 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe('auto-split of a village group', () => {
  it('proposes grids of 10 to 20 households that cover the group, without writing anything', async () => {
    const before = (await server.db.pool.query('select count(*)::int as n, max(version)::int as v from grid')).rows[0];
    const res = await post(`/api/units/${group.code}/auto-split`, {});
    expect(res.status).toBe(200);
    const { proposals, summary } = await res.json();
    expect(summary.households).toBe(group.households);
    expect(summary.min_households).toBeGreaterThanOrEqual(10);
    expect(summary.max_households).toBeLessThanOrEqual(20);
    const counts = proposals.features.map((f: { properties: { households: number } }) => f.properties.households);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(group.households);
    expect(proposals.features.every((f: { geometry: { type: string } }) => f.geometry.type === 'Polygon')).toBe(true);
    // Each proposal holds exactly the households it reports (no household cut off), and together they cover the group.
    const { rows: [cover] } = await server.db.pool.query(`
      with p as (select (f->>'households')::int as n, st_setsrid(st_geomfromgeojson(f->'geometry'), 4326) as g
                 from jsonb_array_elements($1::jsonb) f)
      select bool_and(n = (select count(*) from household h where st_intersects(h.geom, p.g))) as exact,
             abs(1 - st_area(st_union(g)) / (select st_area(geom) from admin_unit where code = $2)) as uncovered
      from p`, [JSON.stringify(proposals.features.map((f: { properties: object; geometry: object }) => ({ ...f.properties, geometry: f.geometry }))), group.code]);
    expect(cover.exact).toBe(true);
    expect(cover.uncovered).toBeLessThan(0.001);
    const after = (await server.db.pool.query('select count(*)::int as n, max(version)::int as v from grid')).rows[0];
    expect(after).toEqual(before);
  });

  it('counts the households of proposals the planner reshaped', async () => {
    const { proposals } = await (await post(`/api/units/${group.code}/auto-split`, {})).json();
    const res = await post(`/api/units/${group.code}/auto-split/count`, { proposals });
    expect(res.status).toBe(200);
    const { counts } = await res.json();
    expect(counts.map((c: { households: number }) => c.households))
      .toEqual(proposals.features.map((f: { properties: { households: number } }) => f.properties.households));
  });

  it('lists the grid workers of a group for the worker picker', async () => {
    const res = await fetch(`${server.baseUrl}/api/people?unit=${group.code}&role=worker`, { headers: { cookie: planner } });
    const { people } = await res.json();
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((p: { role: string; jurisdiction: string }) => p.role === 'worker' && p.jurisdiction.startsWith(group.code))).toBe(true);
    expect((await fetch(`${server.baseUrl}/api/people?role=boss`, { headers: { cookie: planner } })).status).toBe(400);
    expect((await fetch(`${server.baseUrl}/api/people`)).status).toBe(401);
  });

  it('replaces the group\'s grids when accepted, with lineage, every household in one grid', async () => {
    const { proposals } = await (await post(`/api/units/${group.code}/auto-split`, {})).json();
    const oldIds = (await server.db.pool.query('select id from grid where group_code = $1 and retired_at is null', [group.code])).rows.map((r) => r.id);
    const res = await post(`/api/units/${group.code}/auto-split/accept`, { proposals, reason: 'test: auto-split' });
    expect(res.status).toBe(201);
    const { grids } = await res.json();
    expect(grids.features.length).toBe(proposals.features.length);
    const { rows: [state] } = await server.db.pool.query(`select
      (select count(*)::int from grid where id = any($2::bigint[]) and retired_at is null) as old_live,
      (select count(*)::int from household h join admin_unit a on a.code = $1
        where st_intersects(h.geom, a.geom) and (h.grid_id is null or h.grid_id not in
          (select id from grid where group_code = $1 and retired_at is null))) as unattributed,
      (select min(households)::int from grid where group_code = $1 and retired_at is null) as min,
      (select max(households)::int from grid where group_code = $1 and retired_at is null) as max,
      (select count(*)::int from grid_lineage where action = 'auto_split') as lineage`, [group.code, oldIds]);
    expect(state).toMatchObject({ old_live: 0, unattributed: 0 });
    expect(state.min).toBeGreaterThanOrEqual(10);
    expect(state.max).toBeLessThanOrEqual(20);
    expect(state.lineage).toBeGreaterThanOrEqual(grids.features.length);
  });

  it('refuses non-planners, non-groups and bad proposals with 4xx', async () => {
    const leader = await signIn(server.baseUrl, 'leader');
    const asLeader = await fetch(`${server.baseUrl}/api/units/${group.code}/auto-split`, { method: 'POST', headers: { cookie: leader } });
    expect(asLeader.status).toBe(403);
    expect((await post('/api/units/532327101/auto-split', {})).status).toBe(400);
    expect((await post(`/api/units/${group.code}/auto-split`, { min: 10, max: 12 })).status).toBe(400);
    expect((await post(`/api/units/${group.code}/auto-split/accept`, { proposals: { type: 'FeatureCollection', features: [] } })).status).toBe(400);
  });
});
