// Targeted warnings and the call-back (叫应): a warning over a township reaches exactly its grids and workers;
// acknowledging half leaves the other half silent, and escalated to their group leaders after the stated time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateSilentWarnings } from '../../server/warnings/warnings.ts';
import { apiCall } from '../support/api-call.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let chief: string;
let worker: string;
let planner: string;
let township: unknown;
let warningId: number;

const call = (cookie: string, path: string, body?: unknown) => apiCall(server.baseUrl, cookie, path, body);
const warning = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });

beforeAll(async () => {
  server = await startTestServer();
  [chief, worker, planner] = await Promise.all(['chief', 'worker', 'planner'].map((u) => signIn(server.baseUrl, u)));
  township = (await server.db.pool.query(`select st_asgeojson(geom, 9)::json as g from admin_unit where code = '532327102'`)).rows[0].g;
});
afterAll(() => server.close());

describe('a warning over a township', () => {
  it('is refused for bad input or by those who do not warn, writing nothing', async () => {
    const props = { level: 'orange', message: '未来24小时有暴雨，请做好地质灾害防范', ack_minutes: 20 };
    const { rows: [{ n }] } = await server.db.pool.query('select count(*)::int as n from warning');
    for (const [who, body, status] of [
      [worker, warning(township, props), 403],
      [planner, warning(township, props), 403],
      [chief, warning(township, { ...props, level: 'purple' }), 400],
      [chief, warning(township, { ...props, message: '' }), 400],
      [chief, warning(null, props), 400],
      [chief, warning(township, { ...props, ack_minutes: 0 }), 400],
      [chief, warning({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, props), 422],
      [chief, warning(null, { ...props, disaster_id: 999999 }), 404],
    ] as const) {
      expect((await call(who, '/api/warnings', body)).status, JSON.stringify(body).slice(0, 100)).toBe(status);
    }
    expect((await server.db.pool.query('select count(*)::int as n from warning')).rows[0].n).toBe(n);
  });

  it('lists exactly the township\'s grids and their workers, and the leaders above them, with phones and an SMS list', async () => {
    const res = await call(chief, '/api/warnings', warning(township, { level: 'orange', message: '未来24小时有暴雨，请做好地质灾害防范', ack_minutes: 20 }));
    expect(res.status).toBe(201);
    const body = await res.json();
    warningId = body.id;
    const { rows: truth } = await server.db.pool.query(`select g.code, p.name from grid g left join person p on p.id = g.worker_id
      where g.code like '532327102%' and g.retired_at is null order by g.code`);
    expect(body.grids.map((g: { code: string }) => g.code)).toEqual(truth.map((t) => t.code));
    const workers = body.recipients.filter((r: { role: string }) => r.role === 'worker');
    expect(workers.map((r: { name: string }) => r.name).sort()).toEqual(truth.filter((t) => t.name).map((t) => t.name).sort());
    const leaders = body.recipients.filter((r: { role: string }) => r.role === 'leader');
    expect(leaders.some((l: { unit_code: string }) => l.unit_code === '532327102')).toBe(true);
    expect(leaders.every((l: { unit_code: string }) => l.unit_code.startsWith('532327102'))).toBe(true);
    const csv = Buffer.from(await (await call(chief, body.csv)).arrayBuffer()).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFphone,name,role,unit_code,message');
    expect(csv).toContain('【橙色预警】未来24小时有暴雨');
    expect(body.totals).toMatchObject({ grids: truth.length, acknowledged: 0, silent: truth.length, escalated: 0 });
  });

  it('shows the acknowledged half as such, and escalates the silent half to their group leaders after the time', async () => {
    const w = await (await call(chief, `/api/warnings/${warningId}`)).json();
    const grids = w.properties.grids as { grid_id: number; code: string }[];
    const half = grids.filter((_, i) => i % 2 === 0);
    for (const g of half) {
      // The chief records each call-back (叫应) made by phone.
      expect((await call(chief, `/api/warnings/${warningId}/ack`, { grid_id: g.grid_id, note: '电话叫应' })).status).toBe(200);
    }
    // Before the time nothing is escalated; 21 minutes after issue, every silent one is.
    expect(await escalateSilentWarnings(server.db.pool, new Date())).toBe(0);
    expect(await escalateSilentWarnings(server.db.pool, new Date(Date.now() + 21 * 60e3))).toBe(grids.length - half.length);
    const after = await (await call(chief, `/api/warnings/${warningId}?geometry=true`)).json();
    const state = new Map(after.properties.grids.map((g: { grid_id: number; state: string }) => [g.grid_id, g.state]));
    for (const g of grids) expect(state.get(g.grid_id)).toBe(half.includes(g) ? 'acknowledged' : 'escalated');
    expect(after.properties.totals).toMatchObject({ acknowledged: half.length, escalated: grids.length - half.length, silent: 0 });
    expect(after.properties.grids[0].geometry.type).toBe('Polygon');
    const { rows } = await server.db.pool.query(`select r.grid_code, l.jurisdiction from warning_recipient r join person l on l.id = r.escalated_to
      where r.warning_id = $1`, [warningId]);
    expect(rows.length).toBe(grids.length - half.length);
    for (const r of rows) expect(r.jurisdiction).toBe(r.grid_code.slice(0, 15));
  });

  it('lets a worker acknowledge for their own grid, and nobody else\'s', async () => {
    const { rows: [own] } = await server.db.pool.query(`select st_asgeojson(geom, 9)::json as g from grid where code = '53232710100100101'`);
    const res = await call(chief, '/api/warnings', warning(own.g, { level: 'red', message: '山洪预警，立即转移' }));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect((await call(worker, `/api/warnings/${warningId}/ack`, {})).status).toBe(404); // not sent to them
    expect((await call(worker, `/api/warnings/${id}/ack`, { grid_id: 1 })).status).toBe(403);
    // The worker's own list holds this one, not the township's, and says they have not answered yet.
    const mine = await (await call(worker, '/api/warnings?mine=true')).json();
    expect(mine.rows.map((r: { id: number }) => r.id)).toEqual([id]);
    expect(mine.rows[0].acknowledged_by_me).toBe(false);
    const ack = await call(worker, `/api/warnings/${id}/ack`, { note: '已收到，正在转移' });
    expect(ack.status).toBe(200);
    expect((await (await call(worker, '/api/warnings?mine=true')).json()).rows[0].acknowledged_by_me).toBe(true);
    const w = await (await call(chief, `/api/warnings/${id}`)).json();
    expect(w.properties.grids.find((g: { code: string }) => g.code === '53232710100100101'))
      .toMatchObject({ state: 'acknowledged', acknowledged_by: 'worker', ack_note: '已收到，正在转移' });
  });
});
