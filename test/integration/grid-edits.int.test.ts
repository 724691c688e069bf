// Editing the partition through the real API against the real PostGIS: what is refused changes nothing, what is
// accepted keeps the group a partition with every household in exactly one grid.
import { VectorTile } from '@mapbox/vector-tile';
import type { Polygon } from 'geojson';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let planner: string;
let leader: string;
// A residential grid with households whose edge runs along its group's boundary, and that group.
let grid: { id: number; code: string; group_code: string; geometry: Polygon; households: number; version: number };

beforeAll(async () => {
  server = await startTestServer();
  planner = await signIn(server.baseUrl, 'planner');
  leader = await signIn(server.baseUrl, 'leader');
  const { rows } = await server.db.pool.query(`
    select g.id, g.code, g.group_code, g.households, g.version, st_asgeojson(g.geom)::json as geometry
    from grid g join admin_unit a on a.code = g.group_code
    where g.kind = 'residential' and g.households >= 10 and g.code like '532327102%'
      and st_length(st_intersection(st_boundary(g.geom), st_boundary(a.geom))::geography) > 50
      and (select count(*) from grid n where n.group_code = g.group_code) >= 4
    order by g.code limit 1`);
  grid = rows[0];
});
afterAll(() => server.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { cookie: planner, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Everything an edit may touch: grids, their history and lineage, and where households, risk points and hazards are. */
async function fingerprint(): Promise<string> {
  const { rows } = await server.db.pool.query(`select md5(
    (select string_agg(id || ':' || version || ':' || coalesce(retired_at::text, '') || ':' || households || ':' || md5(st_asbinary(geom)), ',' order by id) from grid)
    || (select count(*) from grid_version)::text || (select count(*) from grid_lineage)::text
    || (select string_agg(coalesce(grid_id, 0)::text, ',' order by id) from household)
    || (select string_agg(coalesce(grid_id, 0)::text, ',' order by id) from risk_point)
    || (select string_agg(coalesce(grid_id, 0)::text, ',' order by id) from hazard)) as f`);
  return rows[0].f;
}

/** Polygons made from the test grid by PostGIS: buffered (metres), optionally clipped to its group. */
async function buffered(metres: number, clipToGroup: boolean): Promise<Polygon> {
  const { rows } = await server.db.pool.query(`
    select st_asgeojson(case when $3 then st_intersection(b, a.geom) else b end)::json as g
    from grid g join admin_unit a on a.code = g.group_code,
         lateral (select st_buffer(g.geom::geography, $2)::geometry as b) x
    where g.id = $1`, [grid.id, metres, clipToGroup]);
  const g = rows[0].g;
  return g.type === 'MultiPolygon' ? { type: 'Polygon', coordinates: g.coordinates[0] } : g;
}

const householdsInOneGrid = async () => (await server.db.pool.query(`
  select count(*)::int as n from household h
  where (select count(*) from grid g where g.retired_at is null and st_intersects(g.geom, h.geom)) <> 1
     or h.grid_id is null or h.grid_id <> (select g.id from grid g where g.retired_at is null and st_intersects(g.geom, h.geom) limit 1)
`)).rows[0].n;

/** Feature ids in the household layer of a tile. */
function features(body: Buffer): number[] {
  const layer = new VectorTile(new PbfReader(body)).layers.household;
  return layer ? Array.from({ length: layer.length }, (_, i) => Number(layer.feature(i).id)) : [];
}

async function expectRefused(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body).toMatchObject({ error: expect.any(String), code });
  return body;
}

describe('editing the micro-grids', () => {
  it('is for signed-in planners only', async () => {
    const before = await fingerprint();
    const anonymous = await fetch(`${server.baseUrl}/api/grids/${grid.id}`, { method: 'DELETE' });
    await expectRefused(anonymous, 401, 'unauthorized');
    await expectRefused(await call('DELETE', `/api/grids/${grid.id}`, undefined, { cookie: leader }), 403, 'forbidden');
    expect(await fingerprint()).toBe(before);
  });

  it('keeps a township planner inside their township', async () => {
    await server.db.pool.query(`insert into app_user (username, password_hash, role, jurisdiction, display_name)
      select 'planner101', password_hash, 'planner', '532327101', '永定镇规划员' from app_user where username = 'planner'`);
    const township = await signIn(server.baseUrl, 'planner101');
    const before = await fingerprint();
    await expectRefused(await call('DELETE', `/api/grids/${grid.id}`, undefined, { cookie: township }), 403, 'forbidden');
    expect(await fingerprint()).toBe(before);
  });

  it('accepts any grid saved back with its own boundary, unchanged', async () => {
    // The grids most at risk (those sharing most border with their group) and a spread of others.
    const { rows } = await server.db.pool.query(`
      (select g.id, g.version, st_asgeojson(g.geom)::json as geometry from grid g join admin_unit a on a.code = g.group_code
       order by st_length(st_intersection(st_boundary(g.geom), st_boundary(a.geom))) desc limit 25)
      union all
      (select id, version, st_asgeojson(geom)::json from grid where id % 97 = 0 limit 25)`);
    for (const g of rows) {
      const res = await call('PUT', `/api/grids/${g.id}`, { type: 'Feature', geometry: g.geometry }, { 'if-match': String(g.version) });
      expect(res.status, `grid ${g.id}: ${res.status === 200 ? '' : await res.text()}`).toBe(200);
    }
    const { rows: [moved] } = await server.db.pool.query(`
      select max(st_hausdorffdistance(v.geom, g.geom)) as d from grid g join grid_version v on v.grid_id = g.id and v.version = 1
      where g.id = any($1::bigint[])`, [rows.map((r) => r.id)]);
    expect(moved.d).toBeLessThan(1e-6); // degrees: under 0.1 m
    grid = (await server.db.pool.query(`select id, code, group_code, households, st_asgeojson(geom)::json as geometry,
      version from grid where id = $1`, [grid.id])).rows[0];
  });

  it('rejects a bow-tie with 422 invalid_geometry, pointing at the crossing, and changes nothing', async () => {
    const [x, y] = grid.geometry.coordinates[0][0];
    const d = 0.001;
    const bowtie: Polygon = { type: 'Polygon', coordinates: [[[x, y], [x + d, y + d], [x, y + d], [x + d, y], [x, y]]] };
    const before = await fingerprint();
    const body = await expectRefused(await call('POST', '/api/grids', { type: 'Feature', geometry: bowtie, properties: { kind: 'residential' } }),
      422, 'invalid_geometry');
    expect(body.details.where.type).toBe('Point');
    expect(body.details.where.coordinates[0]).toBeCloseTo(x + d / 2, 6);
    expect(await fingerprint()).toBe(before);
  });

  it('rejects malformed input with 400 and a stale or missing If-Match with 409 and 428', async () => {
    const before = await fingerprint();
    await expectRefused(await call('POST', '/api/grids', { type: 'Feature', geometry: { type: 'Point', coordinates: [101, 26] } }), 400, 'invalid_geojson');
    await expectRefused(await call('POST', '/api/grids', { type: 'Feature', geometry: grid.geometry, properties: { kind: 'castle' } }), 400, 'invalid_kind');
    await expectRefused(await call('PUT', `/api/grids/${grid.id}`, { type: 'Feature', properties: { name: 'x' } }), 428, 'precondition_required');
    const stale = await expectRefused(await call('PUT', `/api/grids/${grid.id}`, { type: 'Feature', properties: { name: 'x' } }, { 'if-match': '"77"' }),
      409, 'version_conflict');
    expect(stale.details.current_version).toBe(grid.version);
    await expectRefused(await call('PUT', `/api/grids/${grid.id}`, { type: 'Feature', properties: { worker_id: 99999999 } }, { 'if-match': String(grid.version) }),
      422, 'unknown_worker');
    expect(await fingerprint()).toBe(before);
  });

  it('rejects a polygon over its neighbours, and one reaching outside its group, showing where', async () => {
    const before = await fingerprint();
    const over = await expectRefused(await call('PUT', `/api/grids/${grid.id}`,
      { type: 'Feature', geometry: await buffered(30, true) }, { 'if-match': String(grid.version) }), 422, 'overlaps_neighbour');
    expect(over.details.neighbour_ids.length).toBeGreaterThan(0);
    expect(over.details.area_m2).toBeGreaterThan(100);
    expect(['Polygon', 'MultiPolygon']).toContain(over.details.where.type);
    const outside = await expectRefused(await call('PUT', `/api/grids/${grid.id}`,
      { type: 'Feature', geometry: await buffered(30, false) }, { 'if-match': String(grid.version) }), 422, 'outside_parent');
    expect(outside.details.area_m2).toBeGreaterThan(100);
    expect(await fingerprint()).toBe(before);
  });

  it('reports zero gaps on the loaded dataset, and the gap a deleted grid leaves', async () => {
    const gaps = async () => (await (await call('GET', `/api/coverage/partition-gaps?unit=${grid.group_code.slice(0, 9)}`)).json());
    const fresh = await (await call('GET', '/api/coverage/partition-gaps?unit=532327')).json();
    expect(fresh.totals).toMatchObject({ gaps: 0, overlaps: 0, households_outside: 0 });

    const res = await call('DELETE', `/api/grids/${grid.id}`, { reason: 'test: make a gap' }, { 'if-match': String(grid.version) });
    expect(res.status).toBe(200);
    const after = await gaps();
    expect(after.totals.gaps).toBe(1);
    const [gap] = after.gaps.features;
    expect(gap.properties.group_code).toBe(grid.group_code);
    expect(gap.properties.households).toBe(grid.households);
    expect(after.totals.households_outside).toBe(grid.households);
    // Households left in the gap stay on the map for those whose unit holds them.
    const [lon, lat] = after.households_outside.features[0].geometry.coordinates;
    const z = 14;
    const x = Math.floor(((lon + 180) / 360) * 2 ** z);
    const y = Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
    const tile = await call('GET', `/tiles/household/${z}/${x}/${y}.mvt`);
    expect(tile.status).toBe(200);
    const ids = new Set(features(Buffer.from(await tile.arrayBuffer())));
    expect(ids.has(after.households_outside.features[0].id)).toBe(true);

    // Drawing it back (a fresh grid with the old boundary) closes the gap and takes the households in again.
    const back = await call('POST', '/api/grids', { type: 'Feature', geometry: grid.geometry, properties: { kind: 'residential', reason: 'test: fill the gap' } });
    expect(back.status).toBe(201);
    const created = await back.json();
    expect(created.properties.group_code).toBe(grid.group_code);
    expect(created.properties.code).not.toBe(grid.code); // codes are never reused
    expect(created.properties.households).toBe(grid.households);
    expect((await gaps()).totals).toMatchObject({ gaps: 0, households_outside: 0 });
    grid = { ...grid, id: created.id, code: created.properties.code };
  });

  it('splits a grid and merges it back to the same area, keeping every household in one grid and the lineage', async () => {
    const { rows: [box] } = await server.db.pool.query(
      `select st_xmin(geom) as w, st_xmax(geom) as e, st_y(st_centroid(geom)) as y, st_area(geom::geography) as m2 from grid where id = $1`, [grid.id]);
    const line = { type: 'LineString', coordinates: [[box.w - 0.01, box.y], [box.e + 0.01, box.y]] };
    const split = await call('POST', `/api/grids/${grid.id}/split`, { line, reason: 'test: split' });
    expect(split.status).toBe(201);
    const parts = (await split.json()).grids.features;
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.reduce((s: number, f: { properties: { households: number } }) => s + f.properties.households, 0)).toBe(grid.households);
    expect(await householdsInOneGrid()).toBe(0);

    const merge = await call('POST', '/api/grids/merge', { ids: parts.map((f: { id: number }) => f.id), reason: 'test: merge back' });
    expect(merge.status).toBe(201);
    const merged = await merge.json();
    const { rows: [cmp] } = await server.db.pool.query(`
      select st_area(st_symdifference(a.geom, b.geom)::geography) / st_area(a.geom::geography) as diff
      from grid_version a, grid b where a.grid_id = $1 and a.version = 1 and b.id = $2`, [grid.id, merged.id]);
    expect(cmp.diff).toBeLessThan(0.001);
    expect(merged.properties.households).toBe(grid.households);
    expect(await householdsInOneGrid()).toBe(0);

    const history = await (await call('GET', `/api/grids/${merged.id}/history`)).json();
    expect(history.lineage.ancestors).toEqual(expect.arrayContaining([grid.id, ...parts.map((f: { id: number }) => f.id)]));
    expect(history.versions[0]).toMatchObject({ version: 1, action: 'merge', actor: 'planner', reason: 'test: merge back' });
  });

  it('refuses to merge grids that do not share an edge', async () => {
    const { rows } = await server.db.pool.query(`
      select a.id as a, b.id as b from grid a join grid b on a.group_code = b.group_code and a.id < b.id
      where a.retired_at is null and b.retired_at is null and not st_intersects(a.geom, b.geom) limit 1`);
    const before = await fingerprint();
    await expectRefused(await call('POST', '/api/grids/merge', { ids: [rows[0].a, rows[0].b] }), 422, 'not_adjacent');
    expect(await fingerprint()).toBe(before);
  });

  it('updates with If-Match, keeps every version, and restores an earlier one', async () => {
    const { rows: [g] } = await server.db.pool.query(
      `select id, name, kind from grid where retired_at is null and kind = 'enterprise' and version = 1 order by id limit 1`);
    const put = await call('PUT', `/api/grids/${g.id}`, { type: 'Feature', properties: { name: '测试改名', kind: 'market', reason: 'test' } },
      { 'if-match': '"1-full"' });
    expect(put.status).toBe(200);
    expect((await put.json()).properties).toMatchObject({ name: '测试改名', kind: 'market', version: 2 });
    const restored = await call('POST', `/api/grids/${g.id}/restore`, { version: 1 });
    expect(restored.status).toBe(200);
    expect((await restored.json()).properties).toMatchObject({ name: g.name, kind: g.kind, version: 3 });
    const history = await (await call('GET', `/api/grids/${g.id}/history`)).json();
    expect(history.versions.map((v: { action: string }) => v.action)).toEqual(['create', 'update', 'restore']);
    await expectRefused(await call('POST', `/api/grids/${g.id}/restore`, { version: 42 }), 404, 'not_found');
  });
});
