// Hot-spot analysis (Gi*) through the real API: a cluster of major hazards planted in a few adjacent grids, in a
// window that holds nothing else, must come out hot where it is and nowhere far from it, on grids and on hexagons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let chief: string;
let leader: string;
let cluster: number[];

// Far before the seeded history (which leads up to today), so the window holds the planted hazards only.
const WINDOW = 'from=2000-12-01&to=2001-02-01';
const PER_GRID = 15;

interface Cell {
  id: number | string;
  geometry: unknown;
  properties: { id: number | string; count: number; weight: number; neighbours: number; gi_z: number | null; p_value: number | null; class: string };
}

beforeAll(async () => {
  server = await startTestServer();
  [chief, leader] = await Promise.all(['chief', 'leader'].map((u) => signIn(server.baseUrl, u)));
  // A grid of 永定镇 with three neighbours in its own village group, and those three.
  const { rows: [seed] } = await server.db.pool.query(`
    select a.id, (array_agg(b.id order by b.id))[1:3] as neighbours
    from grid a join grid b on b.group_code = a.group_code and b.id <> a.id and st_dwithin(a.geom_3857, b.geom_3857, 0.1)
    where a.code like '532327101%' and a.retired_at is null and b.retired_at is null
    group by a.id having count(*) >= 3 order by a.code limit 1`);
  cluster = [seed.id, ...seed.neighbours];
  await server.db.pool.query(`
    insert into hazard (county_code, grid_id, category, severity, status, reported_at, deadline, geom)
    select g.county_code, g.id, 'dangerous_house', 'major', 'reported',
           timestamptz '2001-01-01' + p.k * interval '1 hour', timestamptz '2001-01-08', st_setsrid(p.geom, 4326)
    from grid g, lateral (select d.geom, row_number() over () as k from st_dump(st_generatepoints(g.geom, $2, 7)) d) p
    where g.id = any($1)`, [cluster, PER_GRID]);
});
afterAll(() => server.close());

const get = (cookie: string | undefined, query: string) =>
  fetch(`${server.baseUrl}/api/hotspots?${query}`, { headers: cookie ? { cookie } : {} });

async function analyse(query: string) {
  const res = await get(chief, query);
  expect(res.status).toBe(200);
  return res.json();
}

/** The hot cells lying farther than `metres` from every planted grid. */
async function hotFarFromCluster(features: Cell[], metres: number): Promise<unknown[]> {
  const hot = features.filter((f) => f.properties.class.startsWith('hot'));
  const { rows } = await server.db.pool.query(`
    select f ->> 'id' as id from json_array_elements($1::json) f
    where not exists (select 1 from grid g where g.id = any($2)
                      and st_dwithin(g.geom::geography, st_geomfromgeojson(f ->> 'geometry')::geography, $3))`,
  [JSON.stringify(hot), cluster, metres]);
  return rows.map((r) => r.id);
}

describe('hot spots of a planted cluster', () => {
  it('finds the planted grids hot at 95% or more, and nothing hot 5 km away', async () => {
    const body = await analyse(`unit=532327&${WINDOW}`);
    expect(body).toMatchObject({ type: 'FeatureCollection', unit: '532327', cells: 'grid', weights: { minor: 1, general: 2, major: 5 } });
    expect(body.neighbourhood).toMatch(/itself/);
    expect(body.totals).toMatchObject({ cells: 4776, hazards: 4 * PER_GRID, weight: 4 * PER_GRID * 5 });
    const features = body.features as Cell[];
    const byId = new Map(features.map((f) => [f.id, f]));
    for (const id of cluster) {
      const p = byId.get(id)!.properties;
      expect(p).toMatchObject({ count: PER_GRID, weight: PER_GRID * 5 });
      expect(['hot_99', 'hot_95']).toContain(p.class);
      expect(p.p_value).toBeLessThan(0.05);
    }
    // Every other grid is empty in the window, so their own weight is 0 and only the cluster's touch lifts them.
    expect(features.filter((f) => !cluster.includes(f.id as number)).every((f) => f.properties.count === 0)).toBe(true);
    expect(await hotFarFromCluster(features, 5000)).toEqual([]);
    expect(body.totals.classes.not_significant).toBeGreaterThan(4000);
    // The SQL's neighbourhood sums, checked for one grid by recomputing Gi* from its touching grids' weights.
    const { rows } = await server.db.pool.query(`select b.id from grid a join grid b on st_dwithin(a.geom_3857, b.geom_3857, 0.1)
      where a.id = $1 and b.retired_at is null`, [cluster[0]]);
    const k = rows.length;
    const wx = rows.reduce((s, r) => s + byId.get(r.id)!.properties.weight, 0);
    const n = body.totals.cells;
    const z = (wx - body.totals.mean * k) / (body.totals.sd * Math.sqrt((n * k - k * k) / (n - 1)));
    expect(byId.get(cluster[0])!.properties.neighbours).toBe(k);
    expect(byId.get(cluster[0])!.properties.gi_z).toBeCloseTo(z, 9);
  });

  it('finds them on hexagons too, with every planted hazard in exactly one hexagon', async () => {
    const body = await analyse(`unit=532327&${WINDOW}&cells=hex&size=500`);
    expect(body).toMatchObject({ cells: 'hex', size: 500 });
    const features = body.features as Cell[];
    expect(features.length).toBeGreaterThan(3000);
    expect(body.totals.hazards).toBe(4 * PER_GRID);
    const planted = features.filter((f) => f.properties.count > 0);
    expect(planted.length).toBeGreaterThan(1);
    for (const f of planted) expect(['hot_99', 'hot_95']).toContain(f.properties.class);
    expect(await hotFarFromCluster(features, 5000)).toEqual([]);
    // Interior hexagons see themselves and a ring of six.
    expect(Math.max(...features.map((f) => f.properties.neighbours))).toBe(7);
  });

  it('keeps the planted cluster hot after the false discovery rate correction, and flags fewer cells', async () => {
    const plain = await analyse(`unit=532327&${WINDOW}`);
    const fdr = await analyse(`unit=532327&${WINDOW}&correction=fdr`);
    expect(fdr.correction).toBe('fdr');
    const byId = new Map((fdr.features as Cell[]).map((f) => [f.id, f]));
    for (const id of cluster) expect(byId.get(id)!.properties.class).toMatch(/^hot_/);
    const flagged = (b: { totals: { classes: Record<string, number>; cells: number } }) => b.totals.cells - b.totals.classes.not_significant;
    expect(flagged(fdr)).toBeLessThanOrEqual(flagged(plain));
    expect(await hotFarFromCluster(fdr.features as Cell[], 5000)).toEqual([]);
    // The z-scores and p-values are the same; only the classes change.
    expect(fdr.features.map((f: Cell) => f.properties.gi_z)).toEqual(plain.features.map((f: Cell) => f.properties.gi_z));
  });

  it('filters: outside the window, or for another severity, there is nothing to find', async () => {
    const minor = await analyse(`unit=532327101&${WINDOW}&severity=minor,general`);
    expect(minor.totals.hazards).toBe(0);
    expect(minor.features.every((f: Cell) => f.properties.gi_z === null && f.properties.class === 'not_significant')).toBe(true);
    const major = await analyse(`unit=532327101&${WINDOW}&severity=major&status=reported&category=dangerous_house`);
    expect(major.totals.hazards).toBe(4 * PER_GRID);
  });

  // Its speed (target: the whole county under 1 s) is measured by npm run bench, not asserted here.
  it('answers for the whole county with all of its hazards, on grids and on hexagons', async () => {
    for (const query of ['unit=532327', 'unit=532327&cells=hex']) {
      const body = await analyse(query);
      expect(body.totals.hazards).toBeGreaterThanOrEqual(3680);
    }
  });
});

describe('hot spots refuse what they cannot answer', () => {
  it('answers 400 for bad parameters, naming them', async () => {
    for (const [query, code] of [
      ['cells=square', 'invalid_cells'],
      ['correction=bonferroni', 'invalid_correction'],
      ['cells=hex&size=abc', 'invalid_parameter'],
      ['cells=hex&size=50', 'out_of_range'],
      ['cells=hex&size=100', 'too_many_cells'],
      ['from=yesterday', 'invalid_date'],
      ['from=2001-02-01&to=2001-01-01', 'invalid_period'],
      ['severity=awful', 'invalid_severity'],
      ['status=reported,lost', 'invalid_status'],
      ['category=no_such_thing', 'invalid_category'],
      ['unit=5323', 'invalid_unit'],
    ]) {
      const res = await get(chief, query);
      expect(res.status, query).toBe(400);
      expect((await res.json()).code, query).toBe(code);
    }
  });

  it('answers 401 without sign-in, 403 outside the jurisdiction, 404 for no such unit', async () => {
    expect((await get(undefined, 'unit=532327')).status).toBe(401);
    expect((await get(leader, 'unit=532327102')).status).toBe(403);
    expect((await get(leader, 'unit=532327')).status).toBe(403);
    expect((await get(chief, 'unit=532327999')).status).toBe(404);
    // The leader's own township is the default unit.
    const own = await get(leader, WINDOW);
    expect(own.status).toBe(200);
    expect((await own.json()).unit).toBe('532327101');
  });
});
