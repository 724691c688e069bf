// gridwatch as it runs on a machine of two cores: server/main.ts with two serving processes sharing the port
// (node:cluster), each with its own tile cache. What must hold across them: one GET /metrics with both processes'
// figures, and an edit made in SQL seen by both caches.
import http from 'node:http';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { cloneTemplate, type TestDb } from '../support/test-db.ts';

let db: TestDb;
let server: ServerProcess;
beforeAll(async () => {
  db = await cloneTemplate();
  server = await startServerProcess(db.url, { GW_PROCESSES: '2' });
}, 240_000);
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

const SEAT_Z14 = '14/12818/6963'; // the county seat (永定镇): many grids

/** A GET on a connection of its own: the primary hands new connections to the serving processes in turn. */
function fresh(path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(`${server.baseUrl}${path}`, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/** The metrics scraped once, as sample lines. */
async function scrape(): Promise<string[]> {
  const res = await fresh('/metrics');
  expect(res.status).toBe(200);
  return res.body.toString().split('\n').filter((l) => l && !l.startsWith('#'));
}

/** Sum of a family's samples whose line holds every one of `parts`. */
const total = (lines: string[], name: string, parts: string[]) => lines
  .filter((l) => l.startsWith(`${name}{`) && parts.every((p) => l.includes(p)))
  .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);

const names = (body: Buffer) => {
  const layer = new VectorTile(new PbfReader(body)).layers.grid;
  return Array.from({ length: layer.length }, (_, i) => layer.feature(i)).map((f) => ({ id: f.id, name: f.properties.name }));
};

describe('two serving processes', () => {
  it('answer GET /metrics with the figures of both, labelled by process', async () => {
    const path = '/tiles/grid/13/6409/3481.mvt';
    const n = 12;
    for (let i = 0; i < n; i++) expect((await fresh(path)).status).toBe(200);
    // Each scrape lands on one process; every one must carry both.
    for (let i = 0; i < 3; i++) {
      const lines = await scrape();
      const served = ['1', '2'].map((p) => total(lines, 'gw_tile_requests_total', [`process="${p}"`, 'layer="grid"', 'z="13"']));
      expect(served[0] + served[1]).toBe(n);
      expect(served[0]).toBeGreaterThan(0);
      expect(served[1]).toBeGreaterThan(0);
      expect(lines).toContain('gw_tile_listener_up{process="1"} 1');
      expect(lines).toContain('gw_tile_listener_up{process="2"} 1');
    }
  });

  it('both show an UPDATE made straight in SQL, though each had the tile cached', async () => {
    const path = `/tiles/grid/${SEAT_Z14}.mvt`;
    const first = await fresh(path);
    expect(first.status).toBe(200);
    for (let i = 0; i < 3; i++) await fresh(path);
    const lines = await scrape();
    for (const p of ['1', '2']) {
      expect(total(lines, 'gw_tile_requests_total', [`process="${p}"`, 'z="14"', 'result="hit"']), `process ${p}`).toBeGreaterThan(0);
    }
    const edited = names(first.body)[0];
    await db.pool.query(`update grid set name = '两个进程' where id = $1`, [edited.id]);
    // The commit reaches each process by NOTIFY a moment later: then four answers in a row (two from each) show it.
    const deadline = Date.now() + 5000;
    let inARow = 0;
    while (inARow < 4 && Date.now() < deadline) {
      const now = names((await fresh(path)).body).find((f) => f.id === edited.id);
      inARow = now?.name === '两个进程' ? inARow + 1 : 0;
    }
    expect(inARow).toBe(4);
  });
});
