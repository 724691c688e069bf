import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const get = (path: string) => fetch(`${server.baseUrl}${path}`);

describe('the grid API', () => {
  it('lists the grids of a unit as GeoJSON', async () => {
    const res = await get('/api/grids?unit=532327101');
    expect(res.status).toBe(200);
    const fc = await res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(100);
    expect(fc.features.every((f: { properties: { code: string } }) => f.properties.code.startsWith('532327101'))).toBe(true);
    expect(fc.features[0].geometry.type).toBe('Polygon');
  });

  it('lists the grids in a bbox', async () => {
    const fc = await (await get('/api/grids?bbox=101.66,26.05,101.67,26.06')).json();
    expect(fc.features.length).toBeGreaterThan(0);
    expect(fc.features.length).toBeLessThan(4776);
  });

  it('answers one grid with its units, worker and version', async () => {
    const { rows } = await server.db.pool.query(`select id from grid where kind = 'residential' order by code limit 1`);
    const res = await get(`/api/grids/${rows[0].id}`);
    expect(res.status).toBe(200);
    const f = await res.json();
    expect(f.properties).toMatchObject({
      id: rows[0].id, version: 1, worker: { name: expect.any(String), phone: expect.any(String) },
      group_name: expect.stringMatching(/组$/), township_name: expect.any(String),
    });
  });

  it('gives household counts only to those whose jurisdiction covers the grid', async () => {
    const { rows } = await server.db.pool.query(`select id from grid where kind = 'residential' and code like '532327102%' limit 1`);
    const path = `/api/grids/${rows[0].id}`;
    const anonymous = (await (await get(path)).json()).properties;
    expect(anonymous.households).toBeUndefined();
    expect(anonymous.worker.phone).toMatch(/^1\d{10}$/);
    const chief = await signIn(server.baseUrl, 'chief');
    const leader = await signIn(server.baseUrl, 'leader'); // 永定镇 (101), not 宜就镇 (102)
    const as = async (cookie: string) => (await (await fetch(`${server.baseUrl}${path}`, { headers: { cookie } })).json()).properties;
    expect((await as(chief)).households).toBeGreaterThanOrEqual(10);
    expect((await as(leader)).households).toBeUndefined();
    // A copy fetched while signed out is not reused for a signed-in actor.
    const publicTag = (await get(path)).headers.get('etag')!;
    const revalidated = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: chief, 'if-none-match': publicTag } });
    expect(revalidated.status).toBe(200);
  });

  it.each([
    ['/api/grids?bbox=1,2,3', 400],
    ['/api/grids?bbox=200,0,201,1', 400],
    ['/api/grids?unit=abc', 400],
    ['/api/grids/abc', 400],
    ['/api/grids/999999999', 404],
    ['/api/nothing', 404],
  ])('rejects %s with %i', async (path, status) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: expect.any(String), code: expect.any(String) });
  });
});
