// Exports of a unit's layers through the real API against the real PostGIS: every format of every layer holds the
// database's features, the Shapefile is one GDAL reads with its Chinese text and its coordinate system, GPX
// carries each point's time, GCJ-02 is shifted as Amap expects, and a county's patrols stream in bounded memory.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gpx } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import gcoord from 'gcoord';
import type { FeatureCollection, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metresBetween } from '../../server/patrols/track-cleaning.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

const TOWNSHIP = '532327101';
const SERVER_SCRIPT = new URL('../support/child-server.ts', import.meta.url).pathname;

let server: TestServer;
let chief: string;
let leader: string;
let work: string;

beforeAll(async () => {
  server = await startTestServer();
  chief = await signIn(server.baseUrl, 'chief');
  leader = await signIn(server.baseUrl, 'leader');
  work = mkdtempSync(join(tmpdir(), 'gw-exports-'));
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await server.close();
});

const get = (path: string, cookie = chief) => fetch(`${server.baseUrl}${path}`, { headers: { cookie } });

async function download(layer: string, query: string, cookie = chief): Promise<{ res: Response; body: Buffer }> {
  const res = await get(`/api/exports/${layer}?${query}`, cookie);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** The database's own count of what a layer exports under a unit, written apart from the export queries. */
async function dbCount(layer: string, unit: string): Promise<number> {
  const sql: Record<string, string> = {
    grid: `select count(*) from grid where retired_at is null and code like $1 || '%'`,
    risk_point: `select count(*) from risk_point r join grid g on g.id = r.grid_id where r.retired_at is null and g.code like $1 || '%'`,
    hazard: `select count(*) from hazard z join grid g on g.id = z.grid_id where g.code like $1 || '%'`,
    patrol: `select count(*) from patrol t join grid g on g.id = t.grid_id where g.code like $1 || '%'`,
  };
  const { rows } = await server.db.pool.query(sql[layer], [unit]);
  return Number(rows[0].count);
}

/** Records of a CSV text (quoted fields may hold commas, quotes and line breaks). */
function csvRecords(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  return rows;
}

/** Unzips a Shapefile export into its own folder and returns the .shp path. */
function unzipShapefile(body: Buffer, name: string): { shp: string; files: string[] } {
  const dir = mkdtempSync(join(work, `${name}-`));
  const files = Object.entries(unzipSync(new Uint8Array(body)));
  for (const [file, bytes] of files) writeFileSync(join(dir, file), bytes);
  const shp = files.map(([f]) => f).find((f) => f.endsWith('.shp'));
  if (!shp) throw new Error('no .shp in the zip');
  return { shp: join(dir, shp), files: files.map(([f]) => f).sort() };
}

/** ogrinfo from Debian's gdal-bin; a machine without it fails here rather than skipping the check. */
const ogrinfo = (...args: string[]) => execFileSync('ogrinfo', args, { encoding: 'utf8', maxBuffer: 64 << 20 });

const LAYERS = ['grid', 'risk_point', 'hazard', 'patrol'] as const;
const FORMATS = { grid: ['geojson', 'csv', 'xlsx', 'shp'], risk_point: ['geojson', 'csv', 'xlsx', 'shp'],
  hazard: ['geojson', 'csv', 'xlsx', 'shp'], patrol: ['geojson', 'csv', 'xlsx', 'shp', 'gpx'] } as const;

describe('every format of every layer', () => {
  for (const layer of LAYERS) {
    for (const format of FORMATS[layer]) {
      it(`${layer} as ${format} holds every feature of the unit`, async () => {
        // A village for the bulky patrols, the township for the rest.
        const unit = layer === 'patrol' ? `${TOWNSHIP}201` : TOWNSHIP;
        const want = await dbCount(layer, unit);
        expect(want).toBeGreaterThan(0);
        const { res, body } = await download(layer, `unit=${unit}&format=${format}`);
        expect(res.status).toBe(200);
        const ext = format === 'shp' ? 'zip' : format;
        expect(res.headers.get('content-disposition')).toBe(`attachment; filename=${layer}-${unit}.${ext}`);
        let got: number;
        if (format === 'geojson') {
          expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
          got = (JSON.parse(body.toString('utf8')) as FeatureCollection).features.length;
        } else if (format === 'csv') {
          expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
          const [head, ...rows] = csvRecords(body.toString('utf8').slice(1));
          expect(head).toEqual(expect.arrayContaining(layer === 'risk_point' || layer === 'hazard' ? ['lon', 'lat'] : ['wkt']));
          expect(rows.every((r) => r.length === head.length)).toBe(true);
          got = rows.length;
        } else if (format === 'xlsx') {
          const book = new ExcelJS.Workbook();
          await book.xlsx.load(body as unknown as ArrayBuffer);
          const sheet = book.getWorksheet(layer);
          expect(sheet).toBeDefined();
          got = sheet!.actualRowCount - 1;
        } else if (format === 'shp') {
          const { shp, files } = unzipShapefile(body, layer);
          expect(files).toEqual(['cpg', 'dbf', 'prj', 'shp', 'shx'].map((e) => `${layer}-${unit}.${e}`));
          got = Number(/Feature Count: (\d+)/.exec(ogrinfo('-al', '-so', shp))?.[1]);
        } else {
          const doc = new DOMParser().parseFromString(body.toString('utf8'), 'text/xml');
          got = gpx(doc).features.length;
        }
        expect(got).toBe(want);
      });
    }
  }
});

describe('the Shapefile in GDAL', () => {
  it('has the Chinese names, UTF-8, short field names and WGS 84', async () => {
    const { rows: [grid] } = await server.db.pool.query(
      `select g.code, g.name, p.name as worker from grid g join person p on p.id = g.worker_id
       where g.retired_at is null and g.code like $1 || '%' order by g.code limit 1`, [TOWNSHIP]);
    expect(grid.name).toMatch(/[\u4e00-\u9fff]/);
    const { body } = await download('grid', `unit=${TOWNSHIP}&format=shp`);
    const { shp } = unzipShapefile(body, 'grid-gdal');
    const summary = ogrinfo('-al', '-so', shp);
    expect(summary).toMatch(/GEOGCRS\["WGS 84"/);
    expect(summary).toMatch(/ID\["EPSG",4326\]/);
    expect(summary).toMatch(/Geometry: Polygon/);
    const fields = [...summary.matchAll(/^(\w+): (String|Integer64|Integer|Real) /gm)].map((m) => m[1]);
    expect(fields).toEqual(expect.arrayContaining(['code', 'name', 'group_code', 'worker', 'phone']));
    expect(fields.every((f) => f.length <= 10)).toBe(true);
    const feature = ogrinfo('-al', '-q', '-where', `code = '${grid.code}'`, shp);
    expect(feature).toContain(`name (String) = ${grid.name}`);
    expect(feature).toContain(`worker (String) = ${grid.worker}`);
  });

  it('keeps a track\'s times as measures', async () => {
    const unit = `${TOWNSHIP}201`;
    const { body } = await download('patrol', `unit=${unit}&format=shp`);
    const { shp } = unzipShapefile(body, 'patrol-gdal');
    expect(ogrinfo('-al', '-so', shp)).toMatch(/Geometry: Measured Line String/);
  });
});

describe('GPX', () => {
  it('parses back with every point\'s time', async () => {
    const unit = `${TOWNSHIP}201`;
    const { rows: [track] } = await server.db.pool.query(`
      select t.id, (select array_agg(st_m(d.geom) order by d.path) from st_dumppoints(t.track) d) as times
      from patrol t join grid g on g.id = t.grid_id where g.code like $1 || '%' order by t.id limit 1`, [unit]);
    const { body } = await download('patrol', `unit=${unit}&format=gpx`);
    const doc = new DOMParser().parseFromString(body.toString('utf8'), 'text/xml');
    const first = gpx(doc).features.find((f) => f.properties?.name === `patrol ${track.id}`);
    const times = (first?.properties?.coordinateProperties as { times: string[] }).times;
    expect(times.map((t) => Date.parse(t))).toEqual((track.times as number[]).map((m) => Math.round(m * 1000)));
  });
});

describe('GCJ-02', () => {
  it('shifts each point by Amap\'s offset, a few hundred metres', async () => {
    const { rows: [point] } = await server.db.pool.query(`select g.code, r.id from risk_point r join grid g on g.id = r.grid_id
      where r.retired_at is null and g.code like $1 || '%' order by r.id limit 1`, [TOWNSHIP]);
    const read = async (crs: string) => {
      const { res, body } = await download('risk_point', `unit=${point.code}&crs=${crs}`);
      expect(res.status).toBe(200);
      const fc = JSON.parse(body.toString('utf8')) as FeatureCollection<Point>;
      return fc.features.find((f) => f.id === point.id)!.geometry.coordinates;
    };
    const wgs = await read('wgs84');
    const gcj = await read('gcj02');
    const [ex, ey] = gcoord.transform([wgs[0], wgs[1]], gcoord.WGS84, gcoord.GCJ02);
    expect(gcj[0]).toBeCloseTo(ex, 6);
    expect(gcj[1]).toBeCloseTo(ey, 6);
    const shift = metresBetween(wgs[0], wgs[1], gcj[0], gcj[1]);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(1000);
    const { res } = await download('risk_point', `unit=${point.code}&crs=gcj02`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=risk_point-${point.code}-gcj02.geojson`);
  });
});

describe('what is refused', () => {
  const refused = async (path: string, status: number, code: string, cookie = chief) => {
    const res = await get(path, cookie);
    expect({ status: res.status, body: await res.json() }).toMatchObject({ status, body: { error: expect.any(String), code } });
  };
  it('answers 400 for a layer, format or crs that does not exist or does not go together', async () => {
    await refused('/api/exports/household?format=csv', 400, 'invalid_layer');
    await refused('/api/exports/grid?format=kml', 400, 'invalid_format');
    await refused('/api/exports/hazard?format=gpx', 400, 'invalid_format');
    await refused('/api/exports/grid?crs=cgcs2000', 400, 'invalid_crs');
    await refused('/api/exports/grid?from=2024-01-01', 400, 'invalid_parameter');
    await refused('/api/exports/patrol?from=yesterday', 400, 'invalid_date');
  });
  it('answers 401 without sign-in and 403 outside the jurisdiction', async () => {
    await refused('/api/exports/grid', 401, 'unauthorized', '');
    await refused('/api/exports/hazard?unit=532327102', 403, 'forbidden', leader);
  });
  it('defaults to the actor\'s jurisdiction and filters hazards by period', async () => {
    const { body } = await download('grid', '', leader);
    expect((JSON.parse(body.toString('utf8')) as FeatureCollection).features).toHaveLength(await dbCount('grid', TOWNSHIP));
    const { rows: [{ since }] } = await server.db.pool.query(`select min(reported_at) + (max(reported_at) - min(reported_at)) / 2
      as since from hazard z join grid g on g.id = z.grid_id where g.code like $1 || '%'`, [TOWNSHIP]);
    const { rows: [{ count }] } = await server.db.pool.query(`select count(*)::int as count from hazard z
      join grid g on g.id = z.grid_id where g.code like $1 || '%' and z.reported_at >= $2`, [TOWNSHIP, since]);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(await dbCount('hazard', TOWNSHIP));
    const { body: recent } = await download('hazard', `unit=${TOWNSHIP}&from=${encodeURIComponent((since as Date).toISOString())}`);
    expect((JSON.parse(recent.toString('utf8')) as FeatureCollection).features).toHaveLength(count);
  });
});

describe('memory', () => {
  // The county's patrols (127,000 tracks, 1.5 million points) from a server in a child process whose V8 heap is
  // capped at 128 MB: an export that held the file (GPX alone is about 140 MB) would run out of heap. The client
  // reads as the bytes arrive and keeps none. The bound: the server's peak RSS (VmHWM) at most 150 MB above its
  // RSS after sign-in.
  const BOUND_MB = 150;
  let child: ChildProcess;
  let base: string;
  let cookie: string;
  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', '--max-old-space-size=128', SERVER_SCRIPT], {
      env: { ...process.env, DATABASE_URL: server.db.url }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = await once(child.stdout!, 'data') as [Buffer];
    base = `http://127.0.0.1:${line.toString().trim()}`;
    cookie = await signIn(base, 'chief');
  });
  afterAll(() => {
    child?.kill('SIGTERM');
  });
  const statusMb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;

  for (const format of ['gpx', 'xlsx', 'shp', 'geojson']) {
    it(`streams the county's patrols as ${format} within ${BOUND_MB} MB`, async () => {
      const want = await dbCount('patrol', '532327');
      expect(want).toBeGreaterThan(100_000);
      // Writing 5 to clear_refs resets the peak (VmHWM) to the present RSS, so each format is measured on its own.
      writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
      const before = statusMb('VmRSS');
      let bytes = 0;
      const res = await fetch(`${base}/api/exports/patrol?unit=532327&format=${format}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
      const peak = statusMb('VmHWM');
      console.log(`patrol ${format}: ${(bytes / 2 ** 20).toFixed(0)} MB sent; server RSS ${before.toFixed(0)} MB before, `
        + `peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)})`);
      expect(bytes).toBeGreaterThan(want * 100);
      expect(peak - before).toBeLessThan(BOUND_MB);
    }, 180_000);
  }
});
