// The risk register and the four-colour risk map, through the real API against the real PostGIS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let worker: string;
let chief: string;
let own: { code: string; lon: number; lat: number };

beforeAll(async () => {
  server = await startTestServer();
  [worker, chief] = await Promise.all(['worker', 'chief'].map((u) => signIn(server.baseUrl, u)));
  const { rows } = await server.db.pool.query(`select g.code, st_x(p) as lon, st_y(p) as lat
    from app_user u join grid g on g.code = u.jurisdiction, st_pointonsurface(g.geom) p where u.username = 'worker'`);
  own = rows[0];
});
afterAll(() => server.close());

const call = (cookie: string, method: string, path: string, body?: unknown) => fetch(`${server.baseUrl}${path}`, {
  method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
});
const point = (lon: number, lat: number, properties: Record<string, unknown>) =>
  ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties });

describe('the risk register', () => {
  let id: number;

  it('registers a risk point in the grid that holds it, inspected by default as often as its level says', async () => {
    const res = await call(worker, 'POST', '/api/risk-points', point(own.lon, own.lat, { kind: 'old_house', level: 'high', name: '测试老房' }));
    expect(res.status).toBe(201);
    const f = await res.json();
    id = f.id;
    expect(f.properties).toMatchObject({ grid_code: own.code, kind: 'old_house', level: 'high', inspection_interval_days: 14,
      inspection_overdue: true });
  });

  it('refuses bad input and other grids with 4xx, writing nothing', async () => {
    const { rows: [{ n }] } = await server.db.pool.query('select count(*)::int as n from risk_point');
    expect((await call(worker, 'POST', '/api/risk-points', point(own.lon, own.lat, { kind: 'castle', level: 'high', name: 'x' }))).status).toBe(400);
    expect((await call(worker, 'POST', '/api/risk-points', point(own.lon, own.lat, { kind: 'slope', level: 'huge', name: 'x' }))).status).toBe(400);
    expect((await call(worker, 'POST', '/api/risk-points', point(own.lon, own.lat, { kind: 'slope', level: 'low' }))).status).toBe(400);
    expect((await call(worker, 'POST', '/api/risk-points', point(101.45, 26.4, { kind: 'slope', level: 'low', name: 'x' }))).status).toBe(403);
    expect((await fetch(`${server.baseUrl}/api/risk-points`)).status).toBe(401);
    // Planners draw grids and departments answer whistles: neither keeps the risk register.
    for (const who of await Promise.all(['planner', 'fire'].map((u) => signIn(server.baseUrl, u)))) {
      expect((await call(who, 'POST', '/api/risk-points', point(own.lon, own.lat, { kind: 'slope', level: 'low', name: 'x' }))).status).toBe(403);
      expect((await call(who, 'PUT', `/api/risk-points/${id}`, { properties: { level: 'low' } })).status).toBe(403);
    }
    expect((await server.db.pool.query('select count(*)::int as n from risk_point')).rows[0].n).toBe(n);
  });

  it('records an inspection and a new level, with the interval of that level', async () => {
    const res = await call(worker, 'PUT', `/api/risk-points/${id}`, { properties: { level: 'major', last_inspected_at: new Date().toISOString() } });
    expect(res.status).toBe(200);
    expect((await res.json()).properties).toMatchObject({ level: 'major', inspection_interval_days: 7, inspection_overdue: false });
  });

  it('retires a risk point: gone from the register, kept for what refers to it', async () => {
    expect((await call(worker, 'DELETE', `/api/risk-points/${id}`)).status).toBe(200);
    expect((await call(worker, 'GET', `/api/risk-points/${id}`)).status).toBe(404);
    const list = await (await call(worker, 'GET', '/api/risk-points')).json();
    expect(list.features.map((f: { id: number }) => f.id)).not.toContain(id);
    expect((await server.db.pool.query('select retired_at is not null as r from risk_point where id = $1', [id])).rows[0].r).toBe(true);
  });
});

describe('the four-colour risk map', () => {
  const colourOf = async (code: string) => {
    const map = await (await call(chief, 'GET', `/api/risk-map?unit=${code}`)).json();
    return map.grids[0].colour as string;
  };

  it('colours every live grid of the county', async () => {
    const map = await (await call(chief, 'GET', '/api/risk-map')).json();
    const { counts } = map;
    expect(counts.red + counts.orange + counts.yellow + counts.blue).toBe(4776);
    expect(counts.red).toBeGreaterThan(0);
    expect(counts.blue).toBeGreaterThan(0);
  });

  it('follows the documented rule: a major risk point makes a blue grid red, an open hazard makes it yellow', async () => {
    const { rows: [blue] } = await server.db.pool.query(`select r.code, st_x(p) as lon, st_y(p) as lat
      from grid_risk r join grid g on g.id = r.grid_id, st_pointonsurface(g.geom) p
      where r.colour = 'blue' and r.risk_points = 0 order by r.code limit 1`);
    const hz = await call(chief, 'POST', '/api/hazards', point(blue.lon, blue.lat, { severity: 'general', category: 'private_wiring' }));
    expect(hz.status).toBe(201);
    expect(await colourOf(blue.code)).toBe('yellow');
    const rp = await call(chief, 'POST', '/api/risk-points', point(blue.lon, blue.lat, { kind: 'slope', level: 'major', name: '测试滑坡' }));
    expect(rp.status).toBe(201);
    expect(await colourOf(blue.code)).toBe('red');
  });

  it('is served as a signed-in tile layer', async () => {
    const res = await call(chief, 'GET', '/tiles/grid_risk/12/3202/1740.mvt');
    expect(res.status).toBe(200);
    expect((await fetch(`${server.baseUrl}/tiles/grid_risk/12/3202/1740.mvt`)).status).toBe(401);
  });
});
