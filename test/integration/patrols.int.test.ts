// Patrol track ingest through the real API against the real PostGIS: conversion, cleaning, splitting, refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../../server/grids/crs.ts';
import { metresBetween } from '../../server/patrols/track-cleaning.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';
import { gpxOf, localDayBack, walk, workerAndGrid, zigZag, type Fix } from '../support/tracks.ts';

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

const post = (cookie: string, body: string | object, query = '', type = 'application/json') => fetch(`${server.baseUrl}/api/patrols${query}`, {
  method: 'POST', headers: { cookie, 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body),
});
const patrolCount = async () => (await server.db.pool.query('select count(*)::int as n from patrol')).rows[0].n as number;

describe('patrol ingest', () => {
  it('converts a GPX track recorded in GCJ-02 to WGS84 within a metre', async () => {
    const { nine } = localDayBack(45);
    const fixes = walk(zigZag(own.bbox, 2), nine, 20);
    const gcj = fixes.map(([lon, lat, t]): Fix => [...wgs84ToGcj02([lon, lat]) as [number, number], t]);
    expect(metresBetween(gcj[0][0], gcj[0][1], fixes[0][0], fixes[0][1])).toBeGreaterThan(100); // the offset is real
    const res = await post(worker, gpxOf(gcj), '?crs=gcj02', 'application/gpx+xml');
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.patrols).toHaveLength(1);
    expect(body.patrols[0].points).toBe(fixes.length);
    expect(body.removed).toEqual({ duplicates: 0, speed: 0, outside: 0, short_pieces: 0 });
    const f = await (await fetch(`${server.baseUrl}/api/patrols/${body.patrols[0].id}`, { headers: { cookie: worker } })).json();
    const coords = f.geometry.coordinates as number[][];
    const worst = Math.max(...coords.map((c, i) => metresBetween(c[0], c[1], fixes[i][0], fixes[i][1])));
    expect(worst).toBeLessThan(1);
    expect(f.properties.times).toEqual(fixes.map((x) => x[2]));
  });

  it('drops a planted 300 km/h jump and duplicate fixes, and splits at a long pause', async () => {
    const { nine } = localDayBack(46);
    const first = walk(zigZag(own.bbox, 2), nine, 20);
    const last = first[first.length - 1];
    // 60 s after the previous fix, 5 km away: 300 km/h.
    const jumpAt = 10;
    const jumped: Fix = [first[jumpAt][0] + 5000 / 100_000, first[jumpAt][1], (first[jumpAt][2] + first[jumpAt + 1][2]) / 2];
    const withJump = [...first.slice(0, jumpAt + 1), jumped, ...first.slice(jumpAt + 1)];
    const second = walk(zigZag(own.bbox, 2).reverse(), last[2] + 40 * 60, 20); // after a 40-minute pause
    const points = [...withJump, first[3], first[5], ...second]; // two fixes sent twice
    const res = await post(worker, { points: points.reverse() }); // out of order, as batches arrive
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.removed).toMatchObject({ duplicates: 2, speed: 1, outside: 0 });
    expect(body.patrols).toHaveLength(2);
    expect(body.patrols.map((p: { points: number }) => p.points)).toEqual([first.length, second.length]);
    expect(Date.parse(body.patrols[1].started_at) - Date.parse(body.patrols[0].ended_at)).toBeGreaterThan(30 * 60e3);
  });

  it('reads GeoJSON with per-point times in properties, and as timed points', async () => {
    const { nine } = localDayBack(47);
    const fixes = walk(zigZag(own.bbox, 2), nine, 25);
    const line = { type: 'Feature', geometry: { type: 'LineString', coordinates: fixes.map(([x, y]) => [x, y]) },
      properties: { coordTimes: fixes.map((f) => new Date(f[2] * 1000).toISOString()) } };
    expect((await post(worker, line, '', 'application/geo+json')).status).toBe(201);
    const pts = { type: 'FeatureCollection', features: fixes.map(([x, y, t]) => ({
      type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties: { time: t + 3600 } })) };
    const res = await post(worker, pts);
    expect(res.status).toBe(201);
    expect((await res.json()).patrols[0].points).toBe(fixes.length);
  });

  it('refuses bad files with a 4xx and writes nothing', async () => {
    const before = await patrolCount();
    const { nine } = localDayBack(48);
    const fixes = walk(zigZag(own.bbox, 2), nine, 25);
    const cases: [string | object, string, number, string][] = [
      ['this is not xml <', 'application/gpx+xml', 400, 'invalid_gpx'],
      ['<kml><Document/></kml>', 'application/gpx+xml', 400, 'invalid_gpx'],
      [gpxOf(fixes).replace(/<time>[^<]*<\/time>/g, ''), 'application/gpx+xml', 400, 'missing_time'],
      [{ points: fixes.map(([x, y]) => [x, y, null]) }, 'application/json', 400, 'missing_time'],
      [{ points: [] }, 'application/json', 400, 'empty_track'],
      ['', 'application/gpx+xml', 400, 'empty_track'],
      [{ points: [[fixes[0][0], 91, fixes[0][2]], ...fixes.slice(1)] }, 'application/json', 400, 'invalid_coordinates'],
      [{ points: fixes.map(([x, y, t]) => [x + 10, y + 10, t]) }, 'application/json', 422, 'no_points_left'], // far outside the county
      [{ hello: 'world' }, 'application/json', 400, 'unsupported_track'],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await post(worker, body, '', type);
      expect(res.status, code).toBe(status);
      expect((await res.json()).code).toBe(code);
    }
    expect(await patrolCount()).toBe(before);
  });

  it('lets leaders upload for workers in their jurisdiction only, and workers only for themselves', async () => {
    const { rows: [other] } = await server.db.pool.query(`select p.id from person p join grid g on g.worker_id = p.id
      where p.role = 'worker' and g.code not like '532327101%' and g.retired_at is null order by p.id limit 1`);
    const { nine } = localDayBack(49);
    const body = { points: walk(zigZag(own.bbox, 2), nine, 25) };
    expect((await post(worker, body, `?worker=${other.id}`)).status).toBe(403);
    expect((await post(leader, body, `?worker=${other.id}`)).status).toBe(403);
    expect((await post(leader, body, `?worker=${own.personId}`)).status).toBe(201);
  });

  it('lists a worker\'s day with per-point times, and deletes it', async () => {
    const { day, nine } = localDayBack(50);
    const fixes = walk(zigZag(own.bbox, 2), nine, 25);
    expect((await post(worker, { points: fixes })).status).toBe(201);
    const list = await (await fetch(`${server.baseUrl}/api/patrols?worker=${own.personId}&day=${day}`, { headers: { cookie: worker } })).json();
    expect(list.features).toHaveLength(1);
    expect(list.features[0].properties.times).toHaveLength(fixes.length);
    const del = await fetch(`${server.baseUrl}/api/patrols?worker=${own.personId}&day=${day}`, { method: 'DELETE', headers: { cookie: worker } });
    expect(del.status).toBe(200);
    expect((await del.json()).deleted).toBe(1);
    const { rows } = await server.db.pool.query('select count(*)::int as n from patrol_coverage where grid_id = $1 and day = $2', [own.gridId, day]);
    expect(rows[0].n).toBe(0);
  });
});
