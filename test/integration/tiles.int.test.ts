import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let chief: string;
let worker: string;
beforeAll(async () => {
  server = await startTestServer();
  chief = await signIn(server.baseUrl, 'chief');
  worker = await signIn(server.baseUrl, 'worker');
});
afterAll(() => server.close());

// Tiles that hold the county: the whole of it at z8, the county seat (永定镇) at z12.
const COUNTY_Z8 = '8/200/108';
const SEAT_Z12 = '12/3202/1740';
const SEAT_Z14 = '14/12818/6963'; // holds the worker's grid

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${path}`, { headers });

async function decode(path: string, cookie?: string) {
  const res = await get(path, cookie ? { cookie } : {});
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/vnd.mapbox-vector-tile');
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body, tile: new VectorTile(new PbfReader(body)) };
}

function features(tile: VectorTile, layer: string) {
  const l = tile.layers[layer];
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : [];
}

describe('vector tiles', () => {
  it('draws the whole county in one z8 grid tile under 500 KB, with feature ids', async () => {
    const { body, tile } = await decode(`/tiles/grid/${COUNTY_Z8}.mvt`);
    expect(body.length).toBeLessThan(500 * 1024);
    const grids = features(tile, 'grid');
    expect(grids.length).toBe(4776);
    expect(new Set(grids.map((f) => f.id)).size).toBe(4776);
    expect(grids[0].properties.code).toMatch(/^532327\d{11}$/);
  });

  it('carries the public grid attributes at street zoom', async () => {
    const { tile } = await decode(`/tiles/grid/${SEAT_Z12}.mvt`);
    const f = features(tile, 'grid')[0];
    expect(f.properties).toMatchObject({ kind: expect.any(String), worker_name: expect.any(String), worker_phone: expect.stringMatching(/^1\d{10}$/) });
  });

  it('labels administrative units in Chinese', async () => {
    const { tile } = await decode(`/tiles/admin_unit/${COUNTY_Z8}.mvt`);
    const names = features(tile, 'admin_unit').map((f) => f.properties.name);
    expect(names).toContain('永仁县');
    expect(names).toContain('永定镇');
  });

  it('labels each unit once: one point per unit, in the one tile that holds it', async () => {
    const seen = new Map<string, number>();
    for (let x = 800; x <= 801; x++) {
      for (let y = 433; y <= 435; y++) {
        const res = await get(`/tiles/admin_unit/10/${x}/${y}.mvt`);
        if (res.status === 204) continue;
        const tile = new VectorTile(new PbfReader(Buffer.from(await res.arrayBuffer())));
        for (const f of features(tile, 'admin_unit').filter((f) => f.type === 1)) {
          seen.set(String(f.properties.code), (seen.get(String(f.properties.code)) ?? 0) + 1);
        }
      }
    }
    const townships = [...seen].filter(([code]) => code.length === 9);
    expect(townships).toHaveLength(7);
    expect(townships.every(([, n]) => n === 1)).toBe(true);
  });

  it('is read by GDAL\'s MVT driver', async () => {
    const { body } = await decode(`/tiles/grid/${SEAT_Z12}.mvt`);
    const dir = await mkdtemp(join(tmpdir(), 'gw-mvt-'));
    const file = join(dir, 'tile.mvt');
    await writeFile(file, body);
    const { stdout } = await promisify(execFile)('ogrinfo', ['-ro', '-al', '-so', file]);
    expect(stdout).toMatch(/using driver `MVT' successful/);
    expect(stdout).toMatch(/Layer name: grid/);
    expect(Number(/Feature Count: (\d+)/.exec(stdout)?.[1])).toBeGreaterThan(10);
  });

  it('answers 304 to a matching If-None-Match and revalidates every time', async () => {
    const first = await get(`/tiles/grid/${SEAT_Z12}.mvt`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toContain('no-cache');
    expect((await get(`/tiles/grid/${SEAT_Z12}.mvt`, { 'if-none-match': etag! })).status).toBe(304);
    expect((await get(`/tiles/grid/${SEAT_Z12}.mvt`, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('answers 204 for an empty tile and below a layer\'s minimum zoom', async () => {
    expect((await get('/tiles/grid/8/10/10.mvt')).status).toBe(204);
    expect((await get('/tiles/household/7/100/54.mvt', { cookie: chief })).status).toBe(204);
    // A public layer below its minimum is answered at the front of the server, with the route's headers.
    const below = await get('/tiles/grid/4/12/6.mvt');
    expect(below.status).toBe(204);
    expect(below.headers.get('cache-control')).toBe('public, no-cache');
    expect(below.headers.get('vary')).toBe('Cookie');
  });

  it.each([
    ['/tiles/grid/8/200/x.mvt', 400],
    ['/tiles/grid/8/256/108.mvt', 400],
    ['/tiles/grid/-1/0/0.mvt', 400],
    ['/tiles/grid/23/0/0.mvt', 400],
    ['/tiles/grid/8.5/200/108.mvt', 400],
    ['/tiles/grid/8/200/108.png', 404],
    ['/tiles/nope/8/200/108.mvt', 404],
    ['/tiles/nope.json', 404],
    ['/tiles/grid/8/200/108.mvt?county=53', 400],
  ])('rejects %s with %i and a JSON error', async (path, status) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body).toMatchObject({ error: expect.any(String), code: expect.any(String) });
  });

  it('keeps households, risk points, hazards and patrols from anonymous users', async () => {
    for (const layer of ['household', 'risk_point', 'hazard', 'patrol']) {
      const res = await get(`/tiles/${layer}/${SEAT_Z12}.mvt`);
      expect(res.status, layer).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'unauthorized' });
    }
  });

  it('shows a signed-in actor only what lies in their jurisdiction', async () => {
    // Households come one by one from z14 (below they are clustered: test/integration/tile-clusters.int.test.ts).
    const all = features((await decode(`/tiles/household/${SEAT_Z14}.mvt`, chief)).tile, 'household');
    const { rows } = await server.db.pool.query(`select jurisdiction from app_user where username = 'worker'`);
    const own = rows[0].jurisdiction as string;
    expect(all.length).toBeGreaterThan(100);
    expect(new Set(all.map((f) => f.properties.grid_code)).size).toBeGreaterThan(5);
    const res = await get(`/tiles/household/${SEAT_Z14}.mvt`, { cookie: worker });
    const mine = res.status === 204 ? [] : features(new VectorTile(new PbfReader(Buffer.from(await res.arrayBuffer()))), 'household');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(all.length);
    expect(mine.every((f) => f.properties.grid_code === own)).toBe(true);
    // Another county is outside everyone's jurisdiction here.
    expect((await get(`/tiles/hazard/${SEAT_Z12}.mvt?county=110101`, { cookie: chief })).status).toBe(403);
  });

  it('decodes every layer for a signed-in chief', async () => {
    for (const layer of ['admin_unit', 'grid', 'household', 'risk_point', 'hazard', 'patrol']) {
      const { tile } = await decode(`/tiles/${layer}/${SEAT_Z12}.mvt`, chief);
      expect(features(tile, layer).length, layer).toBeGreaterThan(0);
    }
  });

  it('describes each layer in TileJSON 3.0', async () => {
    const res = await get('/tiles/grid.json');
    expect(res.status).toBe(200);
    const tj = await res.json();
    expect(tj).toMatchObject({ tilejson: '3.0.0', minzoom: 6, vector_layers: [{ id: 'grid' }] });
    expect(tj.tiles[0]).toBe(`${server.baseUrl}/tiles/grid/{z}/{x}/{y}.mvt`);
    expect(tj.bounds[0]).toBeCloseTo(101.3189, 3);
    expect(tj.bounds[3]).toBeCloseTo(26.5053, 3);
  });
});
