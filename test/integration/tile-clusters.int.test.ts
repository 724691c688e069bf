// Point clustering in the household, risk point and hazard tiles: below a layer's clustering zoom a tile sends
// clusters (point_count, no id) and lone points as themselves; the counts are checked against SQL of our own.
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let chief: string;
let villageLeader: string;
let village: string;
beforeAll(async () => {
  server = await startTestServer();
  chief = await signIn(server.baseUrl, 'chief');
  // A village leader: the village of 永定镇 with the most households.
  const { rows: [v] } = await server.db.pool.query(`
    select left(g.code, 12) as code from household h join grid g on g.id = h.grid_id
    where g.code like '532327101%' group by 1 order by count(*) desc limit 1`);
  village = v.code;
  await server.db.pool.query(`insert into app_user (username, password_hash, role, jurisdiction, display_name)
    select 'village_leader', password_hash, 'leader', $1, '村网格长' from app_user where username = 'leader'`, [village]);
  villageLeader = await signIn(server.baseUrl, 'village_leader');
});
afterAll(() => server.close());

/** Each layer: its table, the condition a row must meet to be drawn, and the zoom from which it is not clustered. */
const LAYERS = {
  household: { table: 'household', where: 'true', plainFrom: 14 },
  risk_point: { table: 'risk_point', where: 't.retired_at is null', plainFrom: 12 },
  hazard: { table: 'hazard', where: 'true', plainFrom: 12 },
} as const;
type Layer = keyof typeof LAYERS;

async function tile(layer: Layer, z: number, x: number, y: number, cookie: string): Promise<VectorTileFeature[]> {
  const res = await fetch(`${server.baseUrl}/tiles/${layer}/${z}/${x}/${y}.mvt`, { headers: { cookie } });
  if (res.status === 204) return [];
  expect(res.status, `${layer}/${z}/${x}/${y}`).toBe(200);
  const l = new VectorTile(new PbfReader(Buffer.from(await res.arrayBuffer()))).layers[layer];
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : [];
}

const isCluster = (f: VectorTileFeature) => f.properties.point_count !== undefined;
/** Points a tile stands for: a cluster's count, 1 for a lone point. */
const represented = (fs: VectorTileFeature[]) => fs.reduce((n, f) => n + (isCluster(f) ? Number(f.properties.point_count) : 1), 0);

/**
 * Rows of a layer in scope whose point lies in the tile, by SQL of the test's own: half-open on the tile's edges
 * (west and north in, east and south out), so a point on an edge is in one tile.
 */
async function inTile(layer: Layer, z: number, x: number, y: number, scope: string, extra = 'true'): Promise<number> {
  const { table, where } = LAYERS[layer];
  const { rows: [r] } = await server.db.pool.query(`
    select count(*)::int as n from ${table} t join grid g on g.id = t.grid_id, st_tileenvelope($1, $2, $3) e
    where g.code like $4 || '%' and ${where} and ${extra}
      and st_x(t.geom_3857) >= st_xmin(e) and st_x(t.geom_3857) < st_xmax(e)
      and st_y(t.geom_3857) > st_ymin(e) and st_y(t.geom_3857) <= st_ymax(e)`, [z, x, y, scope]);
  return r.n;
}

/** The tiles at zoom z that hold any of the county's households. */
async function countyTiles(z: number): Promise<[number, number][]> {
  const { rows: [b] } = await server.db.pool.query(`
    select st_xmin(e) as w, st_ymin(e) as s, st_xmax(e) as e, st_ymax(e) as n from (select st_extent(geom) as e from household) x`);
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const ty = (lat: number) => Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
  const tiles: [number, number][] = [];
  for (let x = tx(b.w); x <= tx(b.e); x++) for (let y = ty(b.n); y <= ty(b.s); y++) tiles.push([x, y]);
  return tiles;
}

const total = async (layer: Layer, scope: string) => {
  const { table, where } = LAYERS[layer];
  const { rows: [r] } = await server.db.pool.query(
    `select count(*)::int as n from ${table} t join grid g on g.id = t.grid_id where g.code like $1 || '%' and ${where}`, [scope]);
  return r.n as number;
};

describe('clustered point tiles', () => {
  it('lists the cluster fields in TileJSON and starts households at z8', async () => {
    const tj = await (await fetch(`${server.baseUrl}/tiles/household.json`, { headers: { cookie: chief } })).json();
    expect(tj.minzoom).toBe(8);
    expect(tj.vector_layers[0].fields).toMatchObject({ point_count: 'Number', persons: 'Number' });
    const hz = await (await fetch(`${server.baseUrl}/tiles/hazard.json`, { headers: { cookie: chief } })).json();
    expect(hz.vector_layers[0].fields).toMatchObject({ point_count: 'Number', open: 'Number', top_severity: 'String' });
  });

  it.each(['household', 'risk_point', 'hazard'] as const)(
    'sends the whole county in few %s clusters at z8, every row counted once', async (layer) => {
      const [[x, y]] = await countyTiles(8);
      const fs = await tile(layer, 8, x, y, chief);
      expect(fs.length).toBeGreaterThan(3);
      expect(fs.length).toBeLessThanOrEqual(64); // 8 × 8 cells at most
      expect(represented(fs)).toBe(await total(layer, '532327'));
      for (const f of fs.filter(isCluster)) {
        expect(f.id).toBeUndefined();
        expect(Number(f.properties.point_count)).toBeGreaterThan(1);
      }
    });

  it.each(['household', 'risk_point', 'hazard'] as const)(
    'counts in each z10 %s tile exactly the rows inside it, and each row in one tile', async (layer) => {
      let sum = 0;
      for (const [x, y] of await countyTiles(10)) {
        const fs = await tile(layer, 10, x, y, chief);
        expect(represented(fs), `10/${x}/${y}`).toBe(await inTile(layer, 10, x, y, '532327'));
        // A cluster sits at its members' mean, inside its cell, so inside the tile: no copy in a neighbour's buffer.
        for (const f of fs) {
          const [[p]] = f.loadGeometry();
          expect(p.x >= 0 && p.x < f.extent && p.y >= 0 && p.y < f.extent, `10/${x}/${y}`).toBe(true);
        }
        sum += represented(fs);
      }
      expect(sum).toBe(await total(layer, '532327'));
    });

  it('carries per-layer aggregates that agree with the tile\'s rows', async () => {
    const tiles = await countyTiles(10);
    let persons = 0;
    let open = 0;
    let major = 0;
    for (const [tx, ty] of tiles) {
      for (const f of await tile('household', 10, tx, ty, chief)) persons += Number(f.properties.persons);
      for (const f of await tile('hazard', 10, tx, ty, chief)) {
        open += isCluster(f) ? Number(f.properties.open) : f.properties.closed_at === undefined ? 1 : 0;
        if (isCluster(f)) {
          const n = Number(f.properties.open);
          expect(n).toBeLessThanOrEqual(Number(f.properties.point_count));
          // The gravest open one and the earliest deadline exist only when something is open.
          expect(f.properties.top_severity !== undefined).toBe(n > 0);
          expect(f.properties.first_deadline !== undefined).toBe(n > 0);
          if (Number(f.properties.major_open) > 0) expect(f.properties.top_severity).toBe('major');
        }
      }
      for (const f of await tile('risk_point', 10, tx, ty, chief)) {
        if (!isCluster(f)) {
          major += f.properties.level === 'major' ? 1 : 0;
          continue;
        }
        const p = f.properties;
        const levels = [Number(p.major), Number(p.high), Number(p.medium), Number(p.low)];
        expect(levels.reduce((a, b) => a + b)).toBe(Number(p.point_count));
        expect(p.top_level).toBe(['major', 'high', 'medium', 'low'][levels.findIndex((n) => n > 0)]);
        major += levels[0];
      }
    }
    const { rows: [r] } = await server.db.pool.query(`
      select (select sum(persons)::int from household) as persons,
             (select count(*)::int from hazard where closed_at is null) as open,
             (select count(*)::int from risk_point where retired_at is null and level = 'major') as major`);
    expect({ persons, open, major }).toEqual(r);
  });

  it('sends a lone point as itself, with its id and attributes', async () => {
    // Somewhere in the county, at the lowest zoom, there is a cell with one risk point.
    let lone: VectorTileFeature | undefined;
    for (const z of [10, 11]) {
      for (const [x, y] of await countyTiles(z)) {
        lone ??= (await tile('risk_point', z, x, y, chief)).find((f) => !isCluster(f));
      }
    }
    expect(lone).toBeDefined();
    expect(lone!.id).toEqual(expect.any(Number));
    expect(lone!.properties).toMatchObject({ kind: expect.any(String), level: expect.any(String), grid_code: expect.stringMatching(/^532327/) });
    expect(lone!.properties.major).toBeUndefined();
  });

  it.each(Object.entries(LAYERS) as [Layer, (typeof LAYERS)[Layer]][])(
    'sends plain %s features from its clustering zoom on', async (layer, { plainFrom }) => {
      // The county seat: dense with everything.
      const z = plainFrom;
      const x = Math.floor(((101.665 + 180) / 360) * 2 ** z);
      const y = Math.floor(((1 - Math.asinh(Math.tan((26.053 * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
      const fs = await tile(layer, z, x, y, chief);
      expect(fs.length).toBeGreaterThan(10);
      expect(fs.some(isCluster)).toBe(false);
      expect(fs.every((f) => typeof f.id === 'number' && typeof f.properties.grid_code === 'string')).toBe(true);
      // One zoom out, the same place is clustered.
      const out = await tile(layer, z - 1, x >> 1, y >> 1, chief);
      expect(out.some(isCluster)).toBe(true);
    });

  it.each(['household', 'risk_point', 'hazard'] as const)(
    'clusters only what a village leader may see (%s)', async (layer) => {
      let sum = 0;
      let chiefSum = 0;
      for (const [x, y] of await countyTiles(11)) {
        const fs = await tile(layer, 11, x, y, villageLeader);
        expect(represented(fs), `11/${x}/${y}`).toBe(await inTile(layer, 11, x, y, village));
        for (const f of fs.filter((f) => !isCluster(f))) expect(String(f.properties.grid_code).startsWith(village)).toBe(true);
        sum += represented(fs);
        chiefSum += represented(await tile(layer, 11, x, y, chief));
      }
      expect(sum).toBe(await total(layer, village));
      expect(sum).toBeGreaterThan(0);
      expect(sum).toBeLessThan(chiefSum);
    });

  it('counts a new hazard in its cluster once the tile is purged', async () => {
    const [[x, y]] = await countyTiles(8);
    const before = represented(await tile('hazard', 8, x, y, chief));
    const { rows: [g] } = await server.db.pool.query(`
      select id, county_code, st_x(st_pointonsurface(geom)) as lon, st_y(st_pointonsurface(geom)) as lat from grid
      where code like '532327101%' limit 1`);
    await server.db.pool.query(`
      insert into hazard (county_code, grid_id, category, severity, status, reported_at, deadline, geom)
      values ($1, $2, 'other', 'major', 'reported', now(), now() + interval '7 days', st_setsrid(st_makepoint($3, $4), 4326))`,
    [g.county_code, g.id, g.lon, g.lat]);
    await server.tiles.fence();
    expect(represented(await tile('hazard', 8, x, y, chief))).toBe(before + 1);
  });
});
