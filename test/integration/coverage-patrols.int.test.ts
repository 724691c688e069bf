// Patrol coverage, visits, gaps and the patrol tile window, through the real API against the real PostGIS.
import * as turf from '@turf/turf';
import type { Feature, LineString, Polygon } from 'geojson';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';
import { localDayBack, walk, workerAndGrid, zigZag } from '../support/tracks.ts';

let server: TestServer;
let worker: string;
let leader: string;
let own: Awaited<ReturnType<typeof workerAndGrid>>;

beforeAll(async () => {
  server = await startTestServer();
  [worker, leader] = await Promise.all(['worker', 'leader'].map((u) => signIn(server.baseUrl, u)));
  own = await workerAndGrid(server.db.pool);
});
afterAll(() => server.close());

const get = async (cookie: string, path: string) => {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
  expect(res.status, path).toBe(200);
  return res.json();
};
const post = (cookie: string, body: object) => fetch(`${server.baseUrl}/api/patrols`, {
  method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body),
});

/** A point `metres` to the right of the middle of the first leg: away from the later legs, which go north. */
function beside(corners: number[][], metres: number): number[] {
  const [a, b] = corners;
  const mid = turf.midpoint(a, b);
  return turf.destination(mid, metres / 1000, turf.bearing(a, b) + 90).geometry.coordinates;
}

describe('patrol coverage', () => {
  const { day, nine } = localDayBack(40);
  const corners = zigZag([0, 0, 0, 0]); // replaced in beforeAll once the grid is known
  let patrolId: number;
  let nearId: number;
  let farId: number;

  beforeAll(async () => {
    corners.splice(0, corners.length, ...zigZag(own.bbox, 6));
    const plant = async (at: number[], name: string) => (await server.db.pool.query(
      `insert into risk_point (county_code, kind, level, name, grid_id, inspection_interval_days, geom)
       values ('532327', 'other', 'high', $1, $2, 14, st_setsrid(st_point($3, $4), 4326)) returning id`,
      [name, own.gridId, at[0], at[1]])).rows[0].id as number;
    nearId = await plant(beside(corners, 10), '测试点 10 m');
    farId = await plant(beside(corners, 50), '测试点 50 m');
    const res = await post(worker, { points: walk(corners, nine) });
    expect(res.status).toBe(201);
    patrolId = (await res.json()).patrols[0].id;
  });

  it('covers the share of a zig-zagged grid that turf computes, within 5 percentage points', async () => {
    const line: Feature<LineString> = turf.lineString(corners);
    const band = turf.buffer(line, 30, { units: 'meters' })!;
    const grid = turf.feature(own.geometry as Polygon);
    const covered = turf.intersect(turf.featureCollection([band, grid]))!;
    const expected = (turf.area(covered) / turf.area(grid)) * 100;
    const body = await get(leader, `/api/coverage/patrols?from=${day}&to=${day}&unit=${own.code}`);
    const row = body.grids.find((g: { code: string }) => g.code === own.code);
    expect(row.days_patrolled).toBe(1);
    expect(row.coverage_pct).toBeGreaterThan(5);
    expect(Math.abs(row.coverage_pct - expected)).toBeLessThan(5);
    expect(row.seconds_inside).toBeGreaterThan(0);
    expect(row.risk_points_visited).toBeGreaterThanOrEqual(1);
  });

  it('covers the same share when a noisy 1 Hz phone walks the zig-zag five times (buffered through the lattice)', async () => {
    const { day: other, nine: start } = localDayBack(45); // before the demo's thirty days: this walk alone
    let seed = 7;
    const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 6e-5; // about ±3 m
    const once = walk(corners, start, 1.2, 1.2);
    const fixes = Array.from({ length: 5 }, (_, lap) => once.map(([x, y, t]): [number, number, number] =>
      [x + jitter(), y + jitter(), t + lap * (once.at(-1)![2] - once[0][2] + 1)])).flat();
    const res = await post(worker, { points: fixes });
    expect(res.status).toBe(201);
    const [stored] = (await res.json()).patrols;
    // Too many vertices to buffer as a line even after simplifying: the lattice path of gw_patrol_band is the one taken.
    const { rows: [n] } = await server.db.pool.query(`select st_npoints(st_simplify(st_force2d(track_3857), 2 / cos(radians(st_y(st_startpoint(track)))))) as n
      from patrol where id = $1`, [stored.id]);
    expect(n.n).toBeGreaterThan(500);
    const line: Feature<LineString> = turf.lineString(corners);
    const grid = turf.feature(own.geometry as Polygon);
    const covered = turf.intersect(turf.featureCollection([turf.buffer(line, 30, { units: 'meters' })!, grid]))!;
    const expected = (turf.area(covered) / turf.area(grid)) * 100;
    const body = await get(leader, `/api/coverage/patrols?from=${other}&to=${other}&unit=${own.code}`);
    const row = body.grids.find((g: { code: string }) => g.code === own.code);
    expect(row.patrols).toBe(1);
    expect(Math.abs(row.coverage_pct - expected)).toBeLessThan(5);
    // Gone again, so the visits and gaps of the tests below are theirs alone.
    expect((await fetch(`${server.baseUrl}/api/patrols?day=${other}`, { method: 'DELETE', headers: { cookie: worker } })).status).toBe(200);
  });

  it('counts a risk point 10 m from the track as visited and one 50 m away as not', async () => {
    const f = await get(worker, `/api/patrols/${patrolId}`);
    const visited = f.properties.visits.map((v: { risk_point_id: number }) => v.risk_point_id);
    expect(visited).toContain(nearId);
    expect(visited).not.toContain(farId);
    const v = f.properties.visits.find((x: { risk_point_id: number }) => x.risk_point_id === nearId);
    expect(v.distance_m).toBeGreaterThan(8);
    expect(v.distance_m).toBeLessThan(12);
  });

  it('lists risk points overdue for a visit, not the one just visited', async () => {
    const body = await get(leader, `/api/coverage/patrols?unit=${own.code}`);
    const overdue = body.overdue_risk_points.map((r: { id: number }) => r.id);
    expect(overdue).toContain(farId);
    // Visited 40 days ago with a 14-day interval: overdue again.
    expect(overdue).toContain(nearId);
  });

  it('recounts a grid-day from all its tracks, so uploading the same walk again does not add coverage', async () => {
    const before = (await server.db.pool.query('select share from patrol_coverage where grid_id = $1 and day = $2', [own.gridId, day])).rows[0].share;
    expect((await post(worker, { points: walk(corners, nine + 3600) })).status).toBe(201);
    const after = (await server.db.pool.query('select share, patrols from patrol_coverage where grid_id = $1 and day = $2', [own.gridId, day])).rows[0];
    expect(after.patrols).toBe(2);
    expect(Math.abs(after.share - before)).toBeLessThan(0.01);
  });

  it('shows a grid in the gaps once its days of tracks are deleted', async () => {
    const today = localDayBack(0);
    const now = Math.floor(Date.now() / 1000);
    expect((await post(worker, { points: walk(corners, Math.max(now - 3 * 3600, Date.parse(`${today.day}T00:00:00+08:00`) / 1000 + 60)) })).status).toBe(201);
    const before = await get(leader, `/api/coverage/gaps?days=2&unit=${own.code}`);
    expect(before.unpatrolled.map((g: { code: string }) => g.code)).not.toContain(own.code);
    const gap = before.gaps.features.find((f: { properties: { code: string } }) => f.properties.code === own.code);
    expect(gap.properties.unvisited_share).toBeLessThan(0.99);
    for (const d of [localDayBack(0).day, localDayBack(1).day]) {
      const res = await fetch(`${server.baseUrl}/api/patrols?worker=${own.personId}&day=${d}`, { method: 'DELETE', headers: { cookie: leader } });
      expect(res.status).toBe(200);
    }
    const after = await get(leader, `/api/coverage/gaps?days=2&unit=${own.code}`);
    expect(after.unpatrolled.map((g: { code: string }) => g.code)).toContain(own.code);
    const whole = after.gaps.features.find((f: { properties: { code: string } }) => f.properties.code === own.code);
    expect(whole.properties.unvisited_share).toBeGreaterThan(0.999);
  });

  it('refuses a worker deleting another worker\'s day', async () => {
    const { rows: [other] } = await server.db.pool.query(`select worker_id from grid where worker_id <> $1 and retired_at is null limit 1`, [own.personId]);
    const res = await fetch(`${server.baseUrl}/api/patrols?worker=${other.worker_id}&day=${day}`, { method: 'DELETE', headers: { cookie: worker } });
    expect(res.status).toBe(403);
  });

  it('filters the patrol tiles by ?from=&to=, and refuses a bad from', async () => {
    const [lon, lat] = turf.centroid(turf.lineString(corners)).geometry.coordinates;
    const z = 14;
    const x = Math.floor((lon + 180) / 360 * 2 ** z);
    const y = Math.floor((1 - Math.log(Math.tan(lat * Math.PI / 180) + 1 / Math.cos(lat * Math.PI / 180)) / Math.PI) / 2 * 2 ** z);
    const ids = async (query: string) => {
      const res = await fetch(`${server.baseUrl}/tiles/patrol/${z}/${x}/${y}.mvt${query}`, { headers: { cookie: leader } });
      if (res.status === 204) return [];
      expect(res.status).toBe(200);
      const layer = new VectorTile(new PbfReader(Buffer.from(await res.arrayBuffer()))).layers.patrol;
      return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer.feature(i).id);
    };
    const from = `${day}T00:00:00%2B08:00`;
    const to = `${localDayBack(39).day}T00:00:00%2B08:00`;
    expect(await ids(`?from=${from}&to=${to}`)).toContain(patrolId);
    expect(await ids('')).not.toContain(patrolId); // the default window is the last seven days
    expect(await ids(`?from=${localDayBack(39).day}`)).not.toContain(patrolId);
    const bad = await fetch(`${server.baseUrl}/tiles/patrol/${z}/${x}/${y}.mvt?from=yesterday`, { headers: { cookie: leader } });
    expect(bad.status).toBe(400);
    const etag = async (q: string) => (await fetch(`${server.baseUrl}/tiles/patrol/${z}/${x}/${y}.mvt${q}`, { headers: { cookie: leader } })).headers.get('etag');
    expect(await etag(`?from=${from}&to=${to}`)).not.toBe(await etag(`?from=${from}&to=${localDayBack(38).day}`));
  });
});
