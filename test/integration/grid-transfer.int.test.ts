// Importing and exporting grid boundaries as files, through the real API against the real PostGIS: what is refused
// changes nothing, a dry run changes nothing, a real run is all or nothing, GCJ-02 lands where WGS84 would, and an
// exported Shapefile is one GDAL reads and that comes back in unchanged.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import gcoord from 'gcoord';
import type { FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

const FIXTURES = new URL('../fixtures/grid-transfer/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

let server: TestServer;
let planner: string;
let leader: string;
let work: string;

beforeAll(async () => {
  server = await startTestServer();
  planner = await signIn(server.baseUrl, 'planner');
  leader = await signIn(server.baseUrl, 'leader');
  work = mkdtempSync(join(tmpdir(), 'gw-transfer-'));
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await server.close();
});

interface GridRow {
  id: number;
  code: string;
  group_code: string;
  name: string;
  kind: string;
  households: number;
  version: number;
  geometry: Polygon;
}

/** Live residential grids with households under a unit, in code order, with their exact geometry. */
async function gridsUnder(unit: string, limit = 100): Promise<GridRow[]> {
  const { rows } = await server.db.pool.query(`
    select id, code, group_code, name, kind, households, version, st_asgeojson(geom, 15)::json as geometry
    from grid where retired_at is null and code like $1 || '%' and kind = 'residential' and households >= 3
    order by code limit $2`, [unit, limit]);
  return rows;
}

/** Everything an import may touch: grids, their history and lineage, and where households, risk points and hazards are. */
async function fingerprint(): Promise<string> {
  const { rows } = await server.db.pool.query(`select md5(
    (select string_agg(id || ':' || version || ':' || name || ':' || kind || ':' || coalesce(worker_id, 0) || ':'
       || coalesce(retired_at::text, '') || ':' || households || ':' || md5(st_asbinary(geom)), ',' order by id) from grid)
    || (select count(*) from grid_version)::text || (select count(*) from grid_lineage)::text
    || (select string_agg(coalesce(grid_id, 0)::text, ',' order by id) from household)
    || (select string_agg(coalesce(grid_id, 0)::text, ',' order by id) from risk_point)
    || (select string_agg(coalesce(grid_id, 0)::text, ',' order by id) from hazard)) as f`);
  return rows[0].f;
}

const importFile = (body: string | Uint8Array, type: string, query = '', cookie = planner) =>
  fetch(`${server.baseUrl}/api/grids/import${query ? `?${query}` : ''}`, {
    method: 'POST', headers: { cookie, 'content-type': type }, body: body as BodyInit,
  });
const importJson = (fc: unknown, query = '', cookie = planner) => importFile(JSON.stringify(fc), 'application/geo+json', query, cookie);

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { cookie: planner, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const retire = async (grid: GridRow) => {
  const res = await call('DELETE', `/api/grids/${grid.id}`, { reason: 'test: make room' }, { 'if-match': String(grid.version) });
  expect(res.status).toBe(200);
};

const collection = (features: { geometry: Polygon; properties: Record<string, unknown> }[]): FeatureCollection<Polygon> => ({
  type: 'FeatureCollection',
  features: features.map((f) => ({ type: 'Feature', ...f })),
});

async function expectRefused(res: Response, status: number, code: string) {
  const body = await res.json();
  expect({ status: res.status, body }).toMatchObject({ status, body: { error: expect.any(String), code } });
  return body;
}

/** The longest distance, in metres, between two polygons' boundaries (UTM 47N covers the county). */
async function hausdorffMetres(a: Polygon | number, b: Polygon | number): Promise<number> {
  const geom = (i: number, g: Polygon | number) =>
    typeof g === 'number' ? `(select geom from grid where id = $${i})` : `st_setsrid(st_geomfromgeojson($${i}), 4326)`;
  const { rows } = await server.db.pool.query(
    `select st_hausdorffdistance(st_transform(${geom(1, a)}, 32647), st_transform(${geom(2, b)}, 32647)) as m`,
    [a, b].map((g) => (typeof g === 'number' ? g : JSON.stringify(g))));
  return rows[0].m;
}

describe('importing grids', () => {
  it('is for signed-in planners only', async () => {
    const [grid] = await gridsUnder('532327103');
    const fc = collection([{ geometry: grid.geometry, properties: { code: grid.code, name: 'x' } }]);
    const before = await fingerprint();
    const anonymous = await fetch(`${server.baseUrl}/api/grids/import`, {
      method: 'POST', headers: { 'content-type': 'application/geo+json' }, body: JSON.stringify(fc),
    });
    await expectRefused(anonymous, 401, 'unauthorized');
    await expectRefused(await importJson(fc, '', leader), 403, 'forbidden');
    expect(await fingerprint()).toBe(before);
  });

  it('refuses files that are not polygons, or not readable, with 4xx and changes nothing', async () => {
    const before = await fingerprint();
    await expectRefused(await importFile(fixture('not-a-zip.zip'), 'application/zip'), 400, 'invalid_zip');
    const noShp = await expectRefused(await importFile(fixture('zip-without-shp.zip'), 'application/zip'), 400, 'no_shapefile');
    expect(noShp.details.files).toContain('grids/readme.txt');
    const point = await expectRefused(await importFile(fixture('point-feature.geojson'), 'application/geo+json'), 400, 'not_polygons');
    expect(point.details.features).toEqual([{ index: 0, error: 'Feature 0 is a Point, not a Polygon.' }]);
    await expectRefused(await importFile(fixture('empty-collection.geojson'), 'application/json'), 400, 'empty_file');
    await expectRefused(await importFile(fixture('points-shapefile.zip'), 'application/zip'), 400, 'not_polygons');
    const projected = await expectRefused(await importFile(fixture('projected-cgcs2000-gk.zip'), 'application/zip'), 422, 'unsupported_crs');
    expect(projected.error).toMatch(/CGCS2000_3_Degree_GK_CM_105E/);
    // Truncated JSON, JSON that is not a FeatureCollection, a two-part MultiPolygon, no body, a form.
    expect((await importFile('{"type": "FeatureCollection", "features": [', 'application/geo+json')).status).toBe(400);
    await expectRefused(await importJson({ type: 'Feature', geometry: null, properties: {} }), 400, 'invalid_geojson');
    const square = (x: number) => [[[x, 26], [x + 0.001, 26], [x + 0.001, 26.001], [x, 26.001], [x, 26]]];
    await expectRefused(await importJson({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [square(101.6), square(101.7)] } }] }),
    400, 'not_polygons');
    await expectRefused(await importFile(new Uint8Array(), 'application/zip'), 400, 'empty_file');
    // A polygon .shp whose first record claims a negative length.
    const damaged = new DataView(new ArrayBuffer(120));
    damaged.setInt32(0, 9994);
    damaged.setInt32(24, 60);
    damaged.setInt32(28, 1000, true);
    damaged.setInt32(32, 5, true);
    damaged.setInt32(100, 1);
    damaged.setInt32(104, -4);
    const { 'points.dbf': dbf } = unzipSync(fixture('points-shapefile.zip'));
    const damagedZip = zipSync({ 'damaged.shp': new Uint8Array(damaged.buffer), 'damaged.dbf': dbf });
    await expectRefused(await importFile(damagedZip, 'application/zip'), 400, 'invalid_shapefile');
    await expectRefused(await importFile('code=1', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    await expectRefused(await importJson({ type: 'FeatureCollection', features: [] }, 'crs=bd09'), 400, 'invalid_crs');
    expect(await fingerprint()).toBe(before);
  });

  // Three grids of one group: A is retired to leave a gap a new grid fills, B is renamed, and a grid that overlaps
  // B, a code that names no grid and a kind that does not exist are refused.
  let a: GridRow;
  let b: GridRow;
  let edits: FeatureCollection<Polygon>;

  it('reports in a dry run what would be created, updated and refused, with reasons, and changes nothing', async () => {
    const grids = await gridsUnder('532327103');
    [a, b] = grids.filter((g) => g.group_code === grids[0].group_code);
    await retire(a);
    const { rows: [over] } = await server.db.pool.query(
      `select st_asgeojson(st_intersection(st_buffer(g.geom::geography, 30)::geometry, u.geom), 15)::json as g
       from grid g join admin_unit u on u.code = g.group_code where g.id = $1`, [b.id]);
    const overlapping: Polygon = over.g.type === 'MultiPolygon' ? { type: 'Polygon', coordinates: over.g.coordinates[0] } : over.g;
    edits = collection([
      { geometry: b.geometry, properties: { code: b.code, name: '导入改名' } },
      { geometry: a.geometry, properties: { kind: 'market', name: '导入新网格' } },
      { geometry: overlapping, properties: { name: '压线网格' } },
      { geometry: b.geometry, properties: { code: '53232710399999999' } },
      { geometry: b.geometry, properties: { code: b.code, kind: 'castle' } },
    ]);
    const before = await fingerprint();
    const res = await importJson(edits, 'dry_run=true');
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ dry_run: true, format: 'geojson', crs: 'wgs84', total: 5, created: 1, updated: 1, unchanged: 0, rejected: 3 });
    const [renamed, created, overlap, unknown, castle] = report.features;
    expect(renamed).toEqual({ index: 0, code: b.code, id: b.id, action: 'update', status: 'ok' });
    expect(created).toMatchObject({ index: 1, action: 'create', status: 'ok' });
    expect(created.code).toMatch(new RegExp(`^${a.group_code}\\d\\d$`));
    expect(created.code).not.toBe(a.code); // codes are never reused
    expect(created.id).toBeUndefined(); // a grid a dry run would create does not exist
    expect(overlap).toMatchObject({ index: 2, action: 'create', status: 'rejected', error: { code: 'overlaps_neighbour' } });
    expect(overlap.error.details.neighbour_ids).toContain(b.id);
    expect(['Polygon', 'MultiPolygon']).toContain(overlap.error.details.where.type);
    expect(unknown).toMatchObject({ index: 3, code: '53232710399999999', action: 'update', status: 'rejected', error: { code: 'unknown_grid' } });
    expect(castle).toMatchObject({ index: 4, action: 'update', status: 'rejected', error: { code: 'invalid_kind' } });
    expect(await fingerprint()).toBe(before);
  });

  it('writes nothing when any feature is refused, answering 422 import_rejected with the report', async () => {
    const before = await fingerprint();
    const body = await expectRefused(await importJson(edits, 'dry_run=false'), 422, 'import_rejected');
    expect(body.details.report).toMatchObject({ dry_run: false, total: 5, rejected: 3 });
    expect(body.details.report.features.map((f: { status: string }) => f.status)).toEqual(['ok', 'ok', 'rejected', 'rejected', 'rejected']);
    expect(await fingerprint()).toBe(before);
  });

  it('creates and updates grids, with their history and households, and adds no version for what is unchanged', async () => {
    // A third grid of the group is redrawn 2 m inside its old edge.
    const { rows: [c] } = await server.db.pool.query(`
      select id, code, version, st_area(geom::geography) as m2, st_asgeojson(st_buffer(geom::geography, -2)::geometry, 15)::json as shrunk
      from grid where group_code = $1 and retired_at is null and id <> all($2) order by code limit 1`, [a.group_code, [a.id, b.id]]);
    const good = collection([
      ...edits.features.slice(0, 2) as { geometry: Polygon; properties: Record<string, unknown> }[],
      { geometry: c.shrunk, properties: { code: c.code } },
    ]);
    const res = await importJson(good);
    expect(res.status).toBe(201);
    const report = await res.json();
    expect(report).toMatchObject({ dry_run: false, total: 3, created: 1, updated: 2, rejected: 0 });
    const { rows: [redrawn] } = await server.db.pool.query(
      'select version, st_area(geom::geography) as m2 from grid where id = $1', [c.id]);
    expect(redrawn.version).toBe(c.version + 1);
    expect(redrawn.m2).toBeLessThan(c.m2 - 10);
    const created = report.features[1];
    expect(created.id).toEqual(expect.any(Number));

    const grid = await (await call('GET', `/api/grids/${created.id}`)).json();
    expect(grid.properties).toMatchObject({ code: created.code, group_code: a.group_code, kind: 'market', name: '导入新网格', households: a.households });
    const history = await (await call('GET', `/api/grids/${created.id}/history`)).json();
    expect(history.versions[0]).toMatchObject({ version: 1, action: 'import', actor: 'planner' });
    expect(history.versions[0].reason).toMatch(/import of GeoJSON/);

    const renamed = await (await call('GET', `/api/grids/${b.id}`)).json();
    expect(renamed.properties).toMatchObject({ name: '导入改名', version: b.version + 1, households: b.households });
    const bHistory = await (await call('GET', `/api/grids/${b.id}/history`)).json();
    // Recorded as an import; the reason says which file.
    expect(bHistory.versions.at(-1)).toMatchObject({ version: b.version + 1, action: 'import', reason: expect.stringMatching(/^import of GeoJSON/) });

    const before = await fingerprint();
    const again = await importJson(collection([edits.features[0] as { geometry: Polygon; properties: Record<string, unknown> }]));
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ updated: 0, unchanged: 1, features: [{ code: b.code, status: 'ok', unchanged: true }] });
    expect(await fingerprint()).toBe(before);
  });

  it('keeps a township planner to grids of their township, feature by feature', async () => {
    await server.db.pool.query(`insert into app_user (username, password_hash, role, jurisdiction, display_name)
      select 'planner101', password_hash, 'planner', '532327101', '永定镇规划员' from app_user where username = 'planner'`);
    const township = await signIn(server.baseUrl, 'planner101');
    const [inside] = await gridsUnder('532327101');
    const fc = collection([
      { geometry: inside.geometry, properties: { code: inside.code, name: '镇内改名' } },
      { geometry: b.geometry, properties: { code: b.code, name: '越权改名' } },
    ]);
    const res = await importJson(fc, 'dry_run=true', township);
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.features.map((f: { status: string }) => f.status)).toEqual(['ok', 'rejected']);
    expect(report.features[1].error.code).toBe('forbidden');
  });

  it('converts GCJ-02 to WGS84, placing a grid within 5 m of where it was', async () => {
    const [d] = await gridsUnder('532327201');
    await retire(d);
    const gcj: Polygon = {
      type: 'Polygon',
      coordinates: d.geometry.coordinates.map((ring) => ring.map(([x, y]) => gcoord.transform([x, y], gcoord.WGS84, gcoord.GCJ02))),
    };
    const shift = await hausdorffMetres(gcj, d.geometry);
    expect(shift).toBeGreaterThan(100); // taken as WGS84, the file would land this far off

    const before = await fingerprint();
    const misread = await (await importJson(collection([{ geometry: gcj, properties: {} }]), 'dry_run=true')).json();
    expect(misread.rejected).toBe(1);
    expect(await fingerprint()).toBe(before);

    // Where a refused feature fails is told in the file's own coordinates, so it lands on the planner's Amap.
    const elsewhere: Polygon = { type: 'Polygon', coordinates: [[[110, 30], [110.01, 30], [110.01, 30.01], [110, 30]]] };
    const refused = await (await importJson(collection([{ geometry: elsewhere, properties: {} }]), 'crs=gcj02&dry_run=true')).json();
    expect(refused.features[0].error.code).toBe('outside_parent');
    expect(await hausdorffMetres(refused.features[0].error.details.where, elsewhere)).toBeLessThan(0.01);

    const res = await importJson(collection([{ geometry: gcj, properties: { name: '高德描的网格' } }]), 'crs=gcj02');
    expect(res.status).toBe(201);
    const report = await res.json();
    expect(report).toMatchObject({ crs: 'gcj02', created: 1 });
    const error = await hausdorffMetres(report.features[0].id, d.id);
    expect(error).toBeLessThan(5);
    const grid = await (await call('GET', `/api/grids/${report.features[0].id}`)).json();
    expect(grid.properties).toMatchObject({ group_code: d.group_code, households: d.households });
    console.log(`GCJ-02 import: ${shift.toFixed(0)} m off as read, ${error.toExponential(1)} m from the original once converted`);
  });

  it('reads GBK attributes of a Shapefile another tool wrote, from its .cpg or without one', async () => {
    const grids = (await gridsUnder('532327202')).slice(0, 2);
    const names = ['甲网格（导入）', '乙网格·测试'];
    const fc = collection(grids.map((g, i) => ({ geometry: g.geometry, properties: { code: g.code, name: names[i] } })));
    writeFileSync(join(work, 'gbk.geojson'), JSON.stringify(fc));
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=CP936', '-a_srs', 'EPSG:4490',
      join(work, 'gbk.shp'), join(work, 'gbk.geojson')], { stdio: 'pipe' });
    const part = (ext: string) => new Uint8Array(readFileSync(join(work, `gbk.${ext}`)));
    expect(new TextDecoder().decode(part('cpg'))).toBe('CP936');
    const withCpg = zipSync(Object.fromEntries(['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => [`gbk.${e}`, part(e)])));

    const res = await importFile(withCpg, 'application/zip');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ format: 'shapefile', declared_crs: 'cgcs2000', encoding: 'gb18030', updated: 2, rejected: 0 });
    const { rows } = await server.db.pool.query('select name from grid where id = any($1) order by code', [grids.map((g) => g.id)]);
    expect(rows.map((r) => r.name)).toEqual(names);

    // Without the .cpg the bytes are not UTF-8, so they are read as GB18030: the names match what is stored.
    const noCpg = zipSync(Object.fromEntries(['shp', 'shx', 'dbf', 'prj'].map((e) => [`gbk.${e}`, part(e)])));
    const again = await (await importFile(noCpg, 'application/octet-stream', 'dry_run=true')).json();
    expect(again).toMatchObject({ encoding: 'gb18030', unchanged: 2, updated: 0, rejected: 0 });
  });
});

describe('exporting grids', () => {
  it('answers a unit\'s grids as GeoJSON, public fields only, in WGS84 or GCJ-02', async () => {
    const village = (await gridsUnder('532327203'))[0].code.slice(0, 12);
    const res = await fetch(`${server.baseUrl}/api/grids/export?unit=${village}&format=geojson`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=grids-${village}.geojson`);
    const fc = await res.json() as FeatureCollection<Polygon>;
    const { rows: [{ n }] } = await server.db.pool.query(
      `select count(*)::int as n from grid where retired_at is null and code like $1 || '%'`, [village]);
    expect(fc.features).toHaveLength(n);
    expect(Object.keys(fc.features[0].properties!).sort()).toEqual(['code', 'group_code', 'kind', 'name', 'phone', 'version', 'worker']);
    expect(fc.features.some((f) => f.properties!.worker && f.properties!.phone)).toBe(true);

    const gcjRes = await fetch(`${server.baseUrl}/api/grids/export?unit=${village}&crs=gcj02`);
    expect(gcjRes.headers.get('content-disposition')).toBe(`attachment; filename=grids-${village}-gcj02.geojson`);
    const gcj = await gcjRes.json() as FeatureCollection<Polygon>;
    const shift = await hausdorffMetres(gcj.features[0].geometry, fc.features[0].geometry);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(1000);
  });

  it('refuses what it cannot answer', async () => {
    await expectRefused(await fetch(`${server.baseUrl}/api/grids/export`), 400, 'invalid_unit');
    await expectRefused(await fetch(`${server.baseUrl}/api/grids/export?unit=532327&format=kml`), 400, 'invalid_parameter');
    await expectRefused(await fetch(`${server.baseUrl}/api/grids/export?unit=532327&crs=cgcs2000`), 400, 'invalid_crs');
    await expectRefused(await fetch(`${server.baseUrl}/api/grids/export?unit=532399`), 404, 'not_found');
  });

  it('answers a zipped Shapefile that GDAL reads, with UTF-8 names, and that imports back unchanged', async () => {
    const grids = await gridsUnder('532327204');
    const village = grids[0].code.slice(0, 12);
    const res = await fetch(`${server.baseUrl}/api/grids/export?unit=${village}&format=shapefile`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=grids-${village}.zip`);
    const zip = new Uint8Array(await res.arrayBuffer());
    const layer = `grids-${village}`;
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['cpg', 'dbf', 'prj', 'shp', 'shx'].map((e) => `${layer}.${e}`));
    expect(new TextDecoder().decode(files[`${layer}.cpg`])).toBe('UTF-8');
    expect(new TextDecoder().decode(files[`${layer}.prj`])).toMatch(/^GEOGCS\[.*WGS_1984/);

    const { rows: live } = await server.db.pool.query(
      `select code, name from grid where retired_at is null and code like $1 || '%' order by code`, [village]);
    const path = join(work, `${layer}.zip`);
    writeFileSync(path, zip);
    const summary = execFileSync('ogrinfo', ['-ro', '-al', '-so', `/vsizip/${path}`], { encoding: 'utf8' });
    expect(summary).toContain(`Layer name: ${layer}`);
    expect(summary).toContain('Geometry: Polygon');
    expect(summary).toContain(`Feature Count: ${live.length}`);
    expect(summary).toMatch(/GEOGCRS\["WGS 84"|GEOGCS\["WGS 84"/);
    const values = execFileSync('ogrinfo', ['-ro', '-al', '-q', '-geom=NO', `/vsizip/${path}`], { encoding: 'utf8' });
    expect(live[0].name).toMatch(/[\u4e00-\u9fff]/);
    for (const g of live) {
      expect(values).toContain(`code (String) = ${g.code}`);
      expect(values).toContain(`name (String) = ${g.name}`);
    }

    // Imported again as it is: every grid is matched by code and nothing changes, not even a version.
    const before = await fingerprint();
    const t0 = Date.now();
    const back = await importFile(zip, 'application/zip');
    const ms = Date.now() - t0;
    expect(back.status).toBe(201);
    expect(await back.json()).toMatchObject({ format: 'shapefile', declared_crs: 'wgs84', encoding: 'utf-8', total: live.length, unchanged: live.length, rejected: 0 });
    expect(await fingerprint()).toBe(before);
    console.log(`Shapefile round trip: ${live.length} grids re-imported unchanged in ${ms} ms`);

    // Someone renames a grid after the file was made: the stale file is refused for that grid, not applied over it.
    const target = grids[0];
    const put = await call('PUT', `/api/grids/${target.id}`, { type: 'Feature', properties: { name: '别人改过' } },
      { 'if-match': String(target.version) });
    expect(put.status).toBe(200);
    const stale = await expectRefused(await importFile(zip, 'application/zip'), 422, 'import_rejected');
    const refused = stale.details.report.features.filter((f: { status: string }) => f.status === 'rejected');
    expect(refused).toEqual([expect.objectContaining({ code: target.code, error: expect.objectContaining({ code: 'version_conflict' }) })]);
  });

  it('exports GCJ-02 that imports back to the same grids', async () => {
    const village = (await gridsUnder('532327204'))[0].code.slice(0, 12);
    const res = await fetch(`${server.baseUrl}/api/grids/export?unit=${village}&format=shapefile&crs=gcj02`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=grids-${village}-gcj02.zip`);
    const zip = new Uint8Array(await res.arrayBuffer());
    const before = await fingerprint();
    const report = await (await importFile(zip, 'application/zip', 'crs=gcj02&dry_run=true')).json();
    expect(report.rejected).toBe(0);
    expect(report.unchanged).toBe(report.total);
    expect(await fingerprint()).toBe(before);
  });
});
