// The tile cache against real PostGIS: hits, 304s without the database, edits through the API and straight in SQL
// purging exactly the tiles they touch, and concurrent misses sharing one query. Counted through GET /metrics.
import { VectorTile } from '@mapbox/vector-tile';
import pg from 'pg';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let planner: string;
let chief: string;
beforeAll(async () => {
  server = await startTestServer();
  planner = await signIn(server.baseUrl, 'planner');
  chief = await signIn(server.baseUrl, 'chief');
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${path}`, { headers });

/** One sample of GET /metrics (0 when the series has not appeared yet). */
async function metric(name: string, labels: Record<string, string | number>): Promise<number> {
  const text = await (await get('/metrics')).text();
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && want.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
const requests = (layer: string, z: number, result: string) => metric('gw_tile_requests_total', { layer, z, result });

async function tile(path: string, cookie?: string) {
  const res = await get(path, cookie ? { cookie } : {});
  expect(res.status, path).toBe(200);
  const body = Buffer.from(await res.arrayBuffer());
  const t = new VectorTile(new PbfReader(body));
  const l = Object.values(t.layers)[0];
  const features = l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : [];
  return { body, etag: res.headers.get('etag'), features };
}

/** The XYZ tile holding a WGS84 point at zoom z. */
function tileOf(lon: number, lat: number, z: number): string {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

/** Two live grids far apart (opposite ends of the county), with the tiles of their inner points. */
async function farApartGrids() {
  const { rows } = await server.db.pool.query(`
    (select id, version, st_x(st_pointonsurface(geom)) as lon, st_y(st_pointonsurface(geom)) as lat from grid
     where retired_at is null order by st_x(st_centroid(geom)) limit 1)
    union all
    (select id, version, st_x(st_pointonsurface(geom)), st_y(st_pointonsurface(geom)) from grid
     where retired_at is null order by st_x(st_centroid(geom)) desc limit 1)`);
  return rows.map((g) => ({ ...g, z12: tileOf(g.lon, g.lat, 12), z14: tileOf(g.lon, g.lat, 14), z16: tileOf(g.lon, g.lat, 16) }));
}

const nameOf = (features: { id?: number; properties: Record<string, unknown> }[], id: number) =>
  features.find((f) => f.id === id)?.properties.name;

describe('tile cache', () => {
  it('answers a second request from memory with the same bytes', async () => {
    const path = '/tiles/admin_unit/11/1601/868.mvt';
    const [hits, misses] = [await requests('admin_unit', 11, 'hit'), await requests('admin_unit', 11, 'miss')];
    const first = await tile(path);
    const second = await tile(path);
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.etag).toBe(first.etag);
    expect(await requests('admin_unit', 11, 'miss')).toBe(misses + 1);
    expect(await requests('admin_unit', 11, 'hit')).toBe(hits + 1);
  });

  it('answers 304 to the current ETag without a database query', async () => {
    const path = '/tiles/grid/12/3202/1740.mvt';
    const { etag } = await tile(path);
    const queries = [vi.spyOn(server.tileDb, 'query'), vi.spyOn(server.db.pool, 'query')];
    try {
      const before = await requests('grid', 12, 'not_modified');
      const res = await get(path, { 'if-none-match': etag! });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(queries.map((q) => q.mock.calls.length)).toEqual([0, 0]);
      expect(await requests('grid', 12, 'not_modified')).toBe(before + 1);
    } finally {
      queries.forEach((q) => q.mockRestore());
    }
  });

  it('shows an edit made through the API at the next request, at every zoom, and keeps far tiles', async () => {
    const [edited, far] = await farApartGrids();
    const paths = ['z12', 'z14', 'z16'].map((z) => `/tiles/grid/${edited[z as 'z12']}.mvt`);
    const farPath = `/tiles/grid/${far.z14}.mvt`;
    const before = await Promise.all(paths.map((p) => tile(p)));
    await tile(farPath);
    const res = await fetch(`${server.baseUrl}/api/grids/${edited.id}`, {
      method: 'PUT',
      headers: { cookie: planner, 'content-type': 'application/json', 'if-match': String(edited.version) },
      body: JSON.stringify({ type: 'Feature', properties: { name: '缓存测试网格', reason: 'test: tile cache' } }),
    });
    expect(res.status).toBe(200);
    // Pins the etag: the old one no longer matches, so a revalidating client gets the new tile.
    const revalidated = await get(paths[0], { 'if-none-match': before[0].etag! });
    expect(revalidated.status).toBe(200);
    for (const p of paths) expect(nameOf((await tile(p)).features, edited.id), p).toBe('缓存测试网格');
    const hits = await requests('grid', 14, 'hit');
    await tile(farPath);
    expect(await requests('grid', 14, 'hit')).toBe(hits + 1);
  });

  it('shows an UPDATE made straight in SQL on another connection', async () => {
    const [, edited] = await farApartGrids();
    const path = `/tiles/grid/${edited.z14}.mvt`;
    expect(nameOf((await tile(path)).features, edited.id)).not.toBe('直接改库');
    const other = new pg.Client({ connectionString: server.db.url });
    await other.connect();
    try {
      await other.query(`update grid set name = '直接改库' where id = $1`, [edited.id]);
    } finally {
      await other.end();
    }
    // Another connection's commit reaches this process by NOTIFY, a moment later: wait for that, then look once.
    await server.tiles.fence();
    expect(nameOf((await tile(path)).features, edited.id)).toBe('直接改库');
  });

  it('purges a private layer and the four-colour map when a hazard changes in SQL', async () => {
    const { rows: [h] } = await server.db.pool.query(`
      select z.id, st_x(z.geom) as lon, st_y(z.geom) as lat from hazard z
      where z.closed_at is null and z.status not in ('closed', 'rejected') and z.grid_id is not null limit 1`);
    const path = `/tiles/hazard/${tileOf(h.lon, h.lat, 15)}.mvt`;
    const statusOf = async () => (await tile(path, chief)).features.find((f) => f.id === h.id)?.properties.status;
    expect(await statusOf()).not.toBe('rejected');
    await statusOf(); // cached now
    await server.db.pool.query(`update hazard set status = 'rejected' where id = $1`, [h.id]);
    await server.tiles.fence();
    expect(await statusOf()).toBe('rejected');
  });

  it('answers a clock-reading layer\'s tile of the minute just gone at once, while it makes a fresh one', async () => {
    const path = '/tiles/grid_risk/12/3202/1740.mvt';
    const made = () => metric('gw_tile_render_seconds_count', { layer: 'grid_risk', z: 12 });
    // Early in a minute, so that +60 s is the next one.
    const base = Math.floor(Date.now() / 60_000) * 60_000 + 1000;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(base);
    try {
      const first = await tile(path, chief);
      const [stale, renders] = [await requests('grid_risk', 12, 'stale'), await made()];
      clock.mockReturnValue(base + 60_000);
      const second = await tile(path, chief);
      expect(await requests('grid_risk', 12, 'stale')).toBe(stale + 1);
      expect(second.body.equals(first.body)).toBe(true);
      expect(second.etag).toBe(first.etag);
      // The fresh tile is made behind the answer; once in, it is a hit of this minute, under a tag of its own.
      await vi.waitFor(async () => expect(await made()).toBe(renders + 1), { timeout: 5000 });
      const hits = await requests('grid_risk', 12, 'hit');
      const third = await tile(path, chief);
      expect(await requests('grid_risk', 12, 'hit')).toBe(hits + 1);
      expect(third.etag).not.toBe(first.etag);
      // Two minutes later the tile held is too old to answer: the request waits for the database.
      clock.mockReturnValue(base + 180_000);
      const misses = await requests('grid_risk', 12, 'miss');
      await tile(path, chief);
      expect(await requests('grid_risk', 12, 'miss')).toBe(misses + 1);
      expect(await requests('grid_risk', 12, 'stale')).toBe(stale + 1);
    } finally {
      clock.mockRestore();
    }
  });

  it('never answers stale a tile an edit touched', async () => {
    const { rows: [h] } = await server.db.pool.query(`
      select z.id, st_x(z.geom) as lon, st_y(z.geom) as lat from hazard z
      where z.closed_at is null and z.status not in ('closed', 'rejected') and z.grid_id is not null offset 1 limit 1`);
    const path = `/tiles/grid_risk/${tileOf(h.lon, h.lat, 14)}.mvt`;
    const base = Math.floor(Date.now() / 60_000) * 60_000 + 1000;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(base);
    try {
      await tile(path, chief);
      await server.db.pool.query(`update hazard set status = 'rejected' where id = $1`, [h.id]);
      await server.tiles.fence();
      clock.mockReturnValue(base + 60_000);
      const [stale, misses] = [await requests('grid_risk', 14, 'stale'), await requests('grid_risk', 14, 'miss')];
      await tile(path, chief);
      expect(await requests('grid_risk', 14, 'stale')).toBe(stale);
      expect(await requests('grid_risk', 14, 'miss')).toBe(misses + 1);
    } finally {
      clock.mockRestore();
    }
  });

  it('makes one query for concurrent requests of the same tile', async () => {
    const path = '/tiles/grid/13/6404/3480.mvt';
    const spy = vi.spyOn(server.tileDb, 'query');
    try {
      const [misses, coalesced] = [await requests('grid', 13, 'miss'), await requests('grid', 13, 'coalesced')];
      const answers = await Promise.all(Array.from({ length: 10 }, () => get(path)));
      const bodies = await Promise.all(answers.map(async (r) => Buffer.from(await r.arrayBuffer())));
      expect(answers.every((r) => r.status === 200)).toBe(true);
      expect(bodies.every((b) => b.equals(bodies[0]))).toBe(true);
      expect(spy.mock.calls.length).toBe(1);
      expect(await requests('grid', 13, 'miss')).toBe(misses + 1);
      // Ten requests: one made the tile; the others waited for it or (arriving after it) found it in memory.
      expect(await requests('grid', 13, 'coalesced') - coalesced).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('serves the Prometheus text format with time, bytes and features per layer and zoom', async () => {
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/^# TYPE gw_tile_seconds histogram$/m);
    expect(text).toMatch(/^gw_tile_seconds_bucket\{layer="grid",z="12",le="\+Inf"\} \d+$/m);
    expect(text).toMatch(/^gw_tile_bytes_total\{layer="grid",z="12"\} [1-9]\d*$/m);
    expect(text).toMatch(/^gw_tile_features_total\{layer="grid",z="13"\} [1-9]\d*$/m);
    expect(text).toMatch(/^gw_tile_listener_up 1$/m);
  });
});
