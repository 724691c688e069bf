// Tiles made many to a query (tiles.ts renderTiles, tile-batch.ts) against real PostGIS: the features the
// single-tile query makes, for every layer, scope and window; and the batcher under load: misses beyond its query
// limit go together, every caller gets its own tile, a failing query fails only the tiles it carried, misses that
// come together on a quiet server are spread over its queries, and heavy tiles go few to a query.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TileBatcher } from '../../server/tiles/tile-batch.ts';
import { tileLayers, type TileLayer } from '../../server/tiles/tile-layers.ts';
import { renderTile, renderTiles, type TileAddress, type TimeWindow } from '../../server/tiles/tiles.ts';
import { cloneTemplate, type TestDb } from '../support/test-db.ts';

let db: TestDb;
let township: string;
beforeAll(async () => {
  db = await cloneTemplate();
  const { rows: [g] } = await db.pool.query(`select left(code, 9) as township from grid order by code limit 1`);
  township = g.township;
});
afterAll(() => db.drop());

/** The tiles around the county seat at z8–z16, their right and lower neighbours, and one far outside the county. */
function tilesAroundSeat(): TileAddress[] {
  const seat = { z: 14, x: 12818, y: 6963 };
  const out: TileAddress[] = [{ z: 14, x: 0, y: 0 }];
  for (let z = 8; z <= 16; z++) {
    const x = Math.floor(seat.x * 2 ** (z - 14));
    const y = Math.floor(seat.y * 2 ** (z - 14));
    out.push({ z, x, y }, { z, x: x + 1, y }, { z, x, y: y + 1 });
  }
  return out;
}

/**
 * A tile's features, each with id, properties and geometry, in a fixed order: the single and the batched query are
 * planned apart, and rows may come out in another order (the tile's bytes then differ, what it holds does not).
 */
function content(body: Buffer): string[] {
  if (body.length === 0) return [];
  const out: string[] = [];
  for (const layer of Object.values(new VectorTile(new PbfReader(body)).layers)) {
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      out.push(JSON.stringify([layer.name, layer.extent, f.id, f.type, f.properties, f.loadGeometry()]));
    }
  }
  return out.sort();
}

const windows: TimeWindow[] = [{}, { from: new Date('2020-01-01T00:00:00Z') }, { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2020-01-02T00:00:00Z') }];

describe('tiles made many to a query', () => {
  for (const served of tileLayers.values()) {
    it(`${served.name}: each tile holds what the single query makes`, async () => {
      // Without the feature cap: which rows a capped tile keeps is up to the plan (patrol tiles at z11 reach it).
      const layer = { ...served, cap: 1_000_000 };
      const tiles = tilesAroundSeat().filter((t) => t.z >= layer.minzoom);
      let nonEmpty = 0;
      for (const scope of layer.public ? [''] : ['', township]) {
        for (const window of layer.timeWindow ? windows : [{}]) {
          const batch = await renderTiles(db.pool, layer, tiles, scope, window);
          expect(batch).toHaveLength(tiles.length);
          for (const [i, t] of tiles.entries()) {
            const single = await renderTile(db.pool, layer, t.z, t.x, t.y, scope, window);
            expect(content(batch[i].body), `${layer.name}/${t.z}/${t.x}/${t.y} ${scope}`).toEqual(content(single.body));
            expect(batch[i].features).toBe(single.features);
            if (single.body.length > 0) nonEmpty++;
          }
        }
      }
      // Equal empties prove little: the seat must give each layer something to compare.
      expect(nonEmpty).toBeGreaterThan(5);
    });
  }
});

describe('the batcher', () => {
  const grid = tileLayers.get('grid')!;
  const seatTiles = tilesAroundSeat().filter((t) => t.z >= 12);

  it('sends misses beyond its query limit together, and each caller gets its own tile', async () => {
    const query = vi.spyOn(db.pool, 'query');
    try {
      const batcher = new TileBatcher(db.pool, { queries: 1, batch: 5 });
      const made = await Promise.all(seatTiles.map((t) => batcher.render(grid, t.z, t.x, t.y, '', {})));
      // Asked in one turn of the event loop, so none goes alone: one query at once, by fives.
      expect(query).toHaveBeenCalledTimes(Math.ceil(seatTiles.length / 5));
      expect(batcher.waiting).toBe(0);
      for (const [i, t] of seatTiles.entries()) {
        const single = await renderTile(db.pool, grid, t.z, t.x, t.y, '', {});
        expect(content(made[i].body)).toEqual(content(single.body));
      }
    } finally {
      query.mockRestore();
    }
  });

  it('keeps layers and scopes apart, taking turns', async () => {
    const hazard = tileLayers.get('hazard')!;
    const batcher = new TileBatcher(db.pool, { queries: 1, batch: 50 });
    const asked: [TileLayer, TileAddress, string][] = seatTiles.flatMap((t) =>
      [[grid, t, ''], [hazard, t, ''], [hazard, t, township]] as [TileLayer, TileAddress, string][]);
    const made = await Promise.all(asked.map(([layer, t, scope]) => batcher.render(layer, t.z, t.x, t.y, scope, {})));
    for (const [i, [layer, t, scope]] of asked.entries()) {
      const single = await renderTile(db.pool, layer, t.z, t.x, t.y, scope, {});
      expect(content(made[i].body), `${layer.name}/${t.z}/${t.x}/${t.y} ${scope}`).toEqual(content(single.body));
    }
  });

  it('spreads misses that come together over the queries it may run, since a query makes its tiles one by one', async () => {
    const sizes: number[] = [];
    const batcher = new TileBatcher(db.pool, { queries: 2, batch: 32 }, (_, n) => sizes.push(n));
    const tiles = seatTiles.slice(0, 6);
    await Promise.all(tiles.map((t) => batcher.render(grid, t.z, t.x, t.y, '', {})));
    expect(sizes).toEqual([3, 3]);
  });

  it('puts heavy tiles fewer to a query, within its time budget, and a tile of a zoom not yet timed alone', async () => {
    // A layer whose z14 tiles take 30 ms of database time each (pg_sleep, run once per tile in a batch too) and whose
    // other tiles take next to none; all empty.
    const layer: TileLayer = {
      ...grid, name: 'slow_test_layer',
      sql: `select null::bytea as mvt, (0 * $2::int4 + 0 * $3::int4 + 0 * length($4::text) + 0 * $5::int4
              + 0 * coalesce($6::float8, 0) + length(pg_sleep(0.03 * ($1::int4 = 14)::int)::text))::int4 as features`,
    };
    const sizes: number[] = [];
    const batcher = new TileBatcher(db.pool, { queries: 1, batch: 4, budgetMs: 100 }, (_, n) => sizes.push(n));
    const ask = (z: number) => Promise.all(Array.from({ length: 9 }, (_, i) => batcher.render(layer, z, i, 0, '', {})));

    await ask(14);
    // The first alone; then at most three (each takes 30 ms at least, so four would pass 100 ms), and, unless the
    // machine added 20 ms a tile, more than one.
    expect(sizes[0]).toBe(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b)).toBe(9);

    // Light tiles of the same layer at another zoom are timed apart: the first alone, then full batches.
    sizes.length = 0;
    await ask(16);
    expect(sizes).toEqual([1, 4, 4]);
  });

  it('fails the tiles of a failing query, and only them', async () => {
    // A layer whose query divides by zero at z13: every batch carrying a z13 tile fails as one statement.
    const broken: TileLayer = {
      ...grid, name: 'broken_test_layer',
      sql: `select null::bytea as mvt, (0 * $2::int4 + 0 * $3::int4 + 0 * length($4::text) + 0 * $5::int4 + 0 * $6::float8
              + 1 / ($1::int4 - 13))::int4 as features`,
    };
    const batcher = new TileBatcher(db.pool, { queries: 1, batch: 3 });
    const asked = [14, 15, 16, 14, 13, 15, 16, 14, 15].map((z) => ({ z, x: 1, y: 1 }));
    const settled = await Promise.allSettled(asked.map((t) => batcher.render(broken, t.z, t.x, t.y, '', {})));
    // By threes in the order asked: [14 15 16] ok, [14 13 15] fail together, [16 14 15] ok.
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled',
      'rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((settled[3] as PromiseRejectedResult).reason.code).toBe('22012');
    expect(batcher.waiting).toBe(0);
  });
});
