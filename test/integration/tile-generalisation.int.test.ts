// Generalised polygons per zoom band (migration 0018) against real PostGIS: every stored shape valid and present,
// neighbours sharing identical simplified boundaries, an edit made in SQL recomputing the grid and its neighbours
// and showing at the next tile, and a grid too small for the tile grid still drawn at low zoom.
import { VectorTile } from '@mapbox/vector-tile';
import pg from 'pg';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const BANDS = [7, 9, 12];
const query = (text: string, values: unknown[] = []) => server.db.pool.query(text, values);

/** The XYZ tile holding a WGS84 point at zoom z. */
function tileOf(lon: number, lat: number, z: number): string {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

async function tileFeatures(path: string) {
  const res = await fetch(`${server.baseUrl}${path}`);
  expect(res.status, path).toBe(200);
  const t = new VectorTile(new PbfReader(Buffer.from(await res.arrayBuffer())));
  const l = Object.values(t.layers)[0];
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : [];
}

/** Width of a feature's geometry in tile units. */
function width(f: { loadGeometry(): { x: number }[][] }): number {
  const xs = f.loadGeometry().flat().map((p) => p.x);
  return Math.max(...xs) - Math.min(...xs);
}

/** Stored shapes of the given grids, as WKB hex per grid and band, to compare before and after. */
async function stored(ids: number[]): Promise<Map<string, string>> {
  const { rows } = await query(`select grid_id, band, encode(st_asbinary(geom_3857), 'hex') as wkb
    from grid_generalised where grid_id = any($1::bigint[])`, [ids]);
  return new Map(rows.map((r) => [`${r.grid_id}/${r.band}`, r.wkb]));
}

describe('generalised shapes', () => {
  it('are stored for every live grid and unit in every band, valid and not empty', async () => {
    const { rows: [g] } = await query(`select
      (select count(*) from grid where retired_at is null)::int as grids,
      (select count(*) from grid_generalised s join grid g on g.id = s.grid_id where g.retired_at is null)::int as shapes,
      (select count(*) from grid_generalised where not st_isvalid(geom_3857) or st_isempty(geom_3857))::int as bad,
      (select array_agg(distinct band order by band) from grid_generalised) as bands`);
    expect(g.grids).toBeGreaterThan(4000);
    expect(g.shapes).toBe(g.grids * BANDS.length);
    expect(g.bad).toBe(0);
    expect(g.bands).toEqual(BANDS);
    const { rows: [a] } = await query(`select (select count(*) from admin_unit)::int as units,
      (select count(*) from admin_unit_generalised)::int as shapes,
      (select count(*) from admin_unit_generalised where not st_isvalid(geom_3857) or st_isempty(geom_3857))::int as bad`);
    expect(a.shapes).toBe(a.units * BANDS.length);
    expect(a.bad).toBe(0);
  });

  it('stay within the band tolerance of the geometry', async () => {
    const { rows } = await query(`select s.band, max(st_hausdorffdistance(s.geom_3857, g.geom_3857)) as far
      from grid_generalised s join grid g on g.id = s.grid_id group by s.band order by s.band`);
    for (const r of rows) expect(r.far, `band ${r.band}`).toBeLessThanOrEqual(40075016.686 / 2 ** r.band / 4096 / 2 + 0.05);
  });

  it('keep the boundary two neighbours share identical: no sliver, no overlap', async () => {
    // Neighbours in one village group sharing an edge over 200 m: in every band their shapes touch along a line
    // and their interiors do not meet.
    const { rows } = await query(`
      select s.band, st_relate(s.geom_3857, t.geom_3857) as relation,
             st_length(st_intersection(st_boundary(s.geom_3857), st_boundary(t.geom_3857))) as shared
      from (select a.id as a, b.id as b from grid a join grid b
              on a.group_code = b.group_code and a.id < b.id and st_intersects(a.geom_3857, b.geom_3857)
            where st_length(st_intersection(st_boundary(a.geom_3857), st_boundary(b.geom_3857))) > 200
            order by a.id, b.id limit 20) p
      join grid_generalised s on s.grid_id = p.a join grid_generalised t on t.grid_id = p.b and t.band = s.band`);
    expect(rows.length).toBe(20 * BANDS.length);
    for (const r of rows) {
      expect(r.relation, `band ${r.band}`).toMatch(/^F[F0-9]{2}[F0-9]1/); // interiors apart, boundaries share a line
      expect(r.shared).toBeGreaterThan(0);
    }
  });

  it('recompute a grid and its neighbours after an edit in SQL, and the next tile shows it', async () => {
    const { rows: [edited] } = await query(`
      select g.id, st_x(st_pointonsurface(g.geom)) as lon, st_y(st_pointonsurface(g.geom)) as lat,
             array(select n.id from grid n where n.id <> g.id and n.retired_at is null
                   and st_intersects(n.geom_3857, g.geom_3857) order by n.id) as neighbours
      from grid g where g.retired_at is null and st_area(g.geom_3857) > 500000 order by g.id limit 1`);
    expect(edited.neighbours.length).toBeGreaterThan(1);
    const path = `/tiles/grid/${tileOf(edited.lon, edited.lat, 12)}.mvt`;
    const before = (await tileFeatures(path)).find((f) => f.id === Number(edited.id))!;
    const was = await stored([edited.id, ...edited.neighbours]);

    // Halve the grid about an inner point: it leaves its neighbours, whose junctions on it go away.
    const other = new pg.Client({ connectionString: server.db.url });
    await other.connect();
    try {
      await other.query(`update grid set geom = st_translate(st_scale(st_translate(geom, -st_x(p), -st_y(p)), 0.5, 0.5),
                           st_x(p), st_y(p))
                         from (select st_pointonsurface(geom) as p from grid where id = $1) c where id = $1`, [edited.id]);
    } finally {
      await other.end();
    }
    await server.tiles.fence();

    const now = await stored([edited.id, ...edited.neighbours]);
    for (const band of BANDS) expect(now.get(`${edited.id}/${band}`)).not.toBe(was.get(`${edited.id}/${band}`));
    // The stored shapes are what a recomputation from scratch gives.
    const client = await server.db.pool.connect();
    try {
      await client.query('begin');
      await client.query('select grid_generalise($1::bigint[])', [[edited.id, ...edited.neighbours]]);
      const { rows } = await client.query(`select grid_id, band, encode(st_asbinary(geom_3857), 'hex') as wkb
        from grid_generalised where grid_id = any($1::bigint[])`, [[edited.id, ...edited.neighbours]]);
      await client.query('rollback');
      for (const r of rows) expect(now.get(`${r.grid_id}/${r.band}`), `${r.grid_id}/${r.band}`).toBe(r.wkb);
    } finally {
      client.release();
    }
    // A neighbour lost the junctions the edited grid put on its boundary: its shape changed too.
    expect(edited.neighbours.some((n: number) => BANDS.some((b) => now.get(`${n}/${b}`) !== was.get(`${n}/${b}`)))).toBe(true);

    const after = (await tileFeatures(path)).find((f) => f.id === Number(edited.id))!;
    expect(width(after)).toBeLessThan(width(before) * 0.6);
  });

  it('drops the stored shapes of a retired grid and draws it no more', async () => {
    const { rows: [g] } = await query(`select id from grid where retired_at is null order by id desc limit 1`);
    await query(`update grid set retired_at = now(), retired_by = 'test' where id = $1`, [g.id]);
    expect((await query('select count(*)::int as n from grid_generalised where grid_id = $1', [g.id])).rows[0].n).toBe(0);
  });

  it('draws a grid too small for the tile grid as a dot at low zoom', async () => {
    // A 20 m square inside a grid: at z8 a tile unit is about 38 m, so the square collapses in the 4096 grid.
    const { rows: [host] } = await query(`select g.group_code, st_x(c) as lon, st_y(c) as lat
      from grid g, st_pointonsurface(g.geom) c where g.retired_at is null order by g.id limit 1`);
    const { rows: [tiny] } = await query(`
      insert into grid (code, county_code, name, group_code, kind, geom)
      values ($1 || '99', left($1, 6), '测试小网格', $1, 'enterprise',
              st_transform(st_expand(st_transform(st_setsrid(st_point($2, $3), 4326), 3857), 10), 4326))
      returning id`, [host.group_code, host.lon, host.lat]);
    const { rows: [s] } = await query(`select count(*)::int as n, bool_and(st_isvalid(geom_3857) and not st_isempty(geom_3857)) as ok
      from grid_generalised where grid_id = $1`, [tiny.id]);
    expect(s).toEqual({ n: BANDS.length, ok: true });
    await server.tiles.fence();
    for (const z of [8, 10]) {
      const dot = (await tileFeatures(`/tiles/grid/${tileOf(host.lon, host.lat, z)}.mvt`)).find((f) => f.id === Number(tiny.id));
      expect(dot, `z${z}`).toBeDefined();
      expect(width(dot!)).toBeGreaterThanOrEqual(1);
    }
  });
});
