// Benchmarks with medians and ratios against baselines measured in the same run (machines are shared and noisy).
//   npm run bench            (needs DATABASE_URL: run through ./scripts/db-env.sh or after ./scripts/test.sh)
// Runs against a clone of the seeded test template, so nothing it writes touches a real database.
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { ensureTemplate } from '../test/support/template-db.ts';
import { signIn, startTestServer } from '../test/support/test-server.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

async function median(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

await ensureTemplate((m) => console.log(`  ${m}`));
const server = await startTestServer();
const planner = await signIn(server.baseUrl, 'planner');
const get = async (path: string, cookie = planner) => {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
  if (res.status >= 400) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.arrayBuffer();
};
const rows: [string, number, string][] = [];
const row = (name: string, ms: number, note = '') => {
  rows.push([name, ms, note]);
  console.log(`${name.padEnd(48)} ${ms.toFixed(2).padStart(9)} ms  ${note}`);
};

try {
  console.log(`median of ${RUNS} runs each\n`);
  const dbRoundTrip = await median(() => server.db.pool.query('select 1'));
  row('baseline: database round trip (select 1)', dbRoundTrip);
  const httpRoundTrip = await median(() => get('/api/health'));
  row('baseline: HTTP + database (GET /api/health)', httpRoundTrip);

  const tileSql = readFileSync(new URL('../server/tiles/sql/grid.sql', import.meta.url), 'utf8');
  const tol = (z: number) => 40075016.686 / 2 ** z / 4096 / 2;
  const z8sql = await median(() => server.db.pool.query(tileSql, [8, 200, 108, '', 10000, tol(8)]));
  row('grid tile z8, whole county: ST_AsMVT alone', z8sql);
  const z8 = await median(() => get('/tiles/grid/8/200/108.mvt'));
  row('grid tile z8, whole county: HTTP', z8, `${(z8 / z8sql).toFixed(2)}× the query alone`);
  const z12sql = await median(() => server.db.pool.query(tileSql, [12, 3202, 1740, '', 10000, tol(12)]));
  row('grid tile z12, county seat: ST_AsMVT alone', z12sql);
  const z12 = await median(() => get('/tiles/grid/12/3202/1740.mvt'));
  row('grid tile z12, county seat: HTTP', z12, `${(z12 / z12sql).toFixed(2)}× the query alone`);

  const gaps = await median(() => get('/api/coverage/partition-gaps?unit=532327'), 7);
  row('partition gaps, whole county (target < 1000 ms)', gaps, `${(gaps / httpRoundTrip).toFixed(0)}× health`);
  const township = await median(() => get('/api/coverage/partition-gaps?unit=532327101'));
  row('partition gaps, 永定镇', township);

  const chief = await signIn(server.baseUrl, 'chief');
  const hotGrid = await median(() => get('/api/hotspots?unit=532327', chief), 7);
  row('hot spots (Gi*), whole county on grids (target < 1000 ms)', hotGrid);
  const hotHex = await median(() => get('/api/hotspots?unit=532327&cells=hex', chief), 7);
  row('hot spots (Gi*), whole county on 500 m hexagons', hotHex);
  const stats = await median(() => get('/api/stats/rectification?level=grid', chief), 7);
  row('rectification statistics, every grid of the county', stats);

  const { rows: [group] } = await server.db.pool.query(
    `select code from admin_unit where level = 'group' order by households desc limit 1`);
  const split = await median(() => fetch(`${server.baseUrl}/api/units/${group.code}/auto-split`,
    { method: 'POST', headers: { cookie: planner } }).then((r) => r.arrayBuffer()), 7);
  row(`auto-split preview, largest group (${group.code})`, split);

  // An edit cycle: split a grid across its middle, merge the pieces back (4 transactions with re-attribution).
  const { rows: [g] } = await server.db.pool.query(
    `select id, st_xmin(geom) as w, st_xmax(geom) as e, st_y(st_centroid(geom)) as y from grid
     where kind = 'residential' and households >= 14 order by id limit 1`);
  let current = g.id as number;
  const post = (path: string, body: unknown) => fetch(`${server.baseUrl}${path}`, {
    method: 'POST', headers: { cookie: planner, 'content-type': 'application/json' }, body: JSON.stringify(body),
  }).then(async (r) => { if (r.status !== 201) throw new Error(`${path}: ${r.status} ${await r.text()}`); return r.json(); });
  const cycle = await median(async () => {
    const { grids } = await post(`/api/grids/${current}/split`, { line: { type: 'LineString', coordinates: [[g.w - 0.01, g.y], [g.e + 0.01, g.y]] } });
    const merged = await post('/api/grids/merge', { ids: grids.features.map((f: { id: number }) => f.id) });
    current = merged.id;
  }, 7);
  row('split + merge back (HTTP, 2 edits)', cycle, `${(cycle / 2 / httpRoundTrip).toFixed(0)}× health per edit`);

  // Patrols: a day of 100,000 fixes (0.8 s apart, 22 hours) wandering the worker's grid with metres of GPS noise,
  // uploaded as the phone batch API and as GPX; the day is deleted between runs so each run stores the same.
  const { rows: [w] } = await server.db.pool.query(`select p.id, st_xmin(g.geom) as w, st_ymin(g.geom) as s, st_xmax(g.geom) as e,
      st_ymax(g.geom) as n from app_user u join person p on p.id = u.person_id join grid g on g.worker_id = p.id
      where u.username = 'worker' and g.retired_at is null limit 1`);
  const worker = await signIn(server.baseUrl, 'worker');
  const day = new Date(Date.now() - 60 * 86400e3 + 8 * 3600e3).toISOString().slice(0, 10);
  const t0 = Date.parse(`${day}T01:00:00+08:00`) / 1000;
  let seed = 1;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 6e-5; // about ±3 m
  const fixes = Array.from({ length: 100_000 }, (_, i) => {
    const phase = (i % 4000) / 4000; // a 4,000-fix loop round the middle of the grid's bounding box
    const a = 2 * Math.PI * phase;
    return [(w.w + w.e) / 2 + Math.cos(a) * (w.e - w.w) * 0.3 + noise(), (w.s + w.n) / 2 + Math.sin(3 * a) * (w.n - w.s) * 0.3 + noise(),
      Math.round((t0 + i * 0.8) * 10) / 10];
  });
  const upload = async (body: string, type: string) => {
    const res = await fetch(`${server.baseUrl}/api/patrols`, { method: 'POST', headers: { cookie: worker, 'content-type': type }, body });
    if (res.status !== 201) throw new Error(`POST /api/patrols: ${res.status} ${await res.text()}`);
    await fetch(`${server.baseUrl}/api/patrols?day=${day}`, { method: 'DELETE', headers: { cookie: worker } });
  };
  // A failing case is reported with its time and the bench goes on to the others.
  const attempt = async (name: string, fn: () => Promise<unknown>, runs: number, note: string) => {
    const started = performance.now();
    try {
      row(name, await median(fn, runs), note);
    } catch (err) {
      row(name, performance.now() - started, `FAILED: ${(err as Error).message.slice(0, 120)}`);
    }
  };
  const pointsBody = JSON.stringify({ points: fixes });
  await attempt('patrol ingest, 100,000 points as JSON (target < 2000 ms)', () => upload(pointsBody, 'application/json'), 5,
    `${(pointsBody.length / 1e6).toFixed(1)} MB`);
  const gpx = `<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${
    fixes.map(([x, y, t]) => `<trkpt lat="${y}" lon="${x}"><time>${new Date(t * 1000).toISOString()}</time></trkpt>`).join('')}</trkseg></trk></gpx>`;
  await attempt('patrol ingest, 100,000 points as GPX', () => upload(gpx, 'application/gpx+xml'), 3, `${(gpx.length / 1e6).toFixed(1)} MB`);

  // Gaps are cached per grid, window and day (the server keeps 7 and 30 days warm): cold is the first request after
  // the cache was emptied (the merge of every grid's covered parts), warm every request after it.
  const cold = (days: number) => async () => {
    await server.db.pool.query('delete from patrol_gap where days = $1', [days]);
    return get(`/api/coverage/gaps?days=${days}&unit=532327`, chief);
  };
  await attempt('patrol gaps, whole county, 7 days, cold cache', cold(7), 1, 'computes every grid');
  await attempt('patrol gaps, whole county, 7 days, warm (target < 2000 ms)', () => get('/api/coverage/gaps?days=7&unit=532327', chief), 3, '');
  await attempt('patrol gaps, whole county, 30 days, cold cache', cold(30), 1, 'computes every grid');
  await attempt('patrol gaps, whole county, 30 days, warm (target < 2000 ms)', () => get('/api/coverage/gaps?days=30&unit=532327', chief), 3, '');
  await attempt('patrol gaps, 永定镇, 7 days', () => get('/api/coverage/gaps?days=7&unit=532327101', chief), 5, '');
  await attempt('patrol coverage per grid, whole county, 30 days', () => get('/api/coverage/patrols?unit=532327', chief), 5, '');

  // Disaster verification: the impact of a county-sized footprint (the county's own outline), inside it and within
  // 100 m of it.
  const { rows: [outline] } = await server.db.pool.query(`select st_asgeojson(geom)::json as g from admin_unit where code = '532327'`);
  const disaster = await fetch(`${server.baseUrl}/api/disasters`, {
    method: 'POST', headers: { cookie: chief, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'Feature', geometry: outline.g, properties: { kind: 'earthquake', occurred_at: new Date().toISOString() } }),
  }).then((r) => r.json()) as { id: number };
  await attempt('disaster impact, county-sized footprint (target < 300 ms)', () => get(`/api/disasters/${disaster.id}/impact`, chief), 5, '');
  await attempt('disaster impact, county-sized footprint + 100 m', () => get(`/api/disasters/${disaster.id}/impact?buffer=100`, chief), 3, '');
} finally {
  await server.close();
}
