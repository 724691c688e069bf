// The OGC API – Features endpoint as a real client reads it: GDAL's OAPIF driver (Debian gdal-bin; scripts/test.sh
// installs it). A missing ogrinfo fails these tests, it does not skip them. GDAL talks only to the test server on
// 127.0.0.1, with any proxy from the environment removed.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

const run = promisify(execFile);

let server: TestServer;
let dir: string;
let leader: string;
beforeAll(async () => {
  server = await startTestServer();
  expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  dir = await mkdtemp(join(tmpdir(), 'gw-ogc-gdal-'));
  leader = await signIn(server.baseUrl, 'leader');
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' };
  for (const k of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'GDAL_HTTP_PROXY']) delete e[k];
  return e;
};

const gdal = (tool: 'ogrinfo' | 'ogr2ogr', args: string[]) =>
  run(tool, args, { env: env(), timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });

const featureCount = (stdout: string) => Number(/Feature Count: (\d+)/.exec(stdout)?.[1]);

const LEADER_UNIT = '532327101';

describe('GDAL OAPIF driver', () => {
  it('is installed', async () => {
    const { stdout } = await gdal('ogrinfo', ['--version']);
    expect(stdout).toMatch(/^GDAL \d+\.\d+/);
  });

  it('lists the public collections and counts every micro-grid', async () => {
    const url = `OAPIF:${server.baseUrl}/ogc`;
    const list = await gdal('ogrinfo', ['-ro', '-q', url]);
    expect(list.stdout).toMatch(/admin_unit/);
    expect(list.stdout).toMatch(/grid \(title: Micro-grids\) \(Polygon\)/);
    const { stdout } = await gdal('ogrinfo', ['-ro', '-so', url, 'grid']);
    expect(stdout).toMatch(/using driver `OAPIF' successful/);
    expect(featureCount(stdout)).toBe(4776);
    expect(stdout).toMatch(/worker_phone: String/);
  }, 120_000);

  it('does not open hazards without a session', async () => {
    await expect(gdal('ogrinfo', ['-ro', '-so', `OAPIF:${server.baseUrl}/ogc`, 'hazard'])).rejects.toThrow();
  }, 60_000);

  it('copies a leader\'s hazards into a GeoPackage, every one of them and no other, signed in by cookie or token', async () => {
    const { rows: [{ n }] } = await server.db.pool.query(
      `select count(*)::int as n from hazard z join grid g on g.id = z.grid_id where g.code like $1`, [`${LEADER_UNIT}%`]);
    const { rows: [{ all }] } = await server.db.pool.query('select count(*)::int as "all" from hazard');
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(all);

    // The session cookie, sent by GDAL from a header file (kept out of the command line).
    const headers = join(dir, 'cookie.txt');
    await writeFile(headers, `Cookie: ${leader}\n`, { mode: 0o600 });
    const gpkg = join(dir, 'hazards.gpkg');
    // GDAL's default page is 10 features: about 170 pages, every one reached by the previous page's next link.
    await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, '--config', 'GDAL_HTTP_HEADER_FILE', headers,
      `OAPIF:${server.baseUrl}/ogc`, 'hazard']);
    const copied = await gdal('ogrinfo', ['-ro', '-so', gpkg, 'hazard']);
    expect(featureCount(copied.stdout)).toBe(n);
    const outside = await gdal('ogrinfo', ['-ro', '-q', gpkg, '-sql',
      `SELECT COUNT(*) AS n, COUNT(DISTINCT grid_code) AS grids FROM hazard WHERE grid_code NOT LIKE '${LEADER_UNIT}%'`]);
    expect(outside.stdout).toMatch(/n \(Integer\) = 0/);

    // The same session as a bearer token: GDAL reads the count from numberMatched.
    const token = leader.split('=')[1];
    const { stdout } = await gdal('ogrinfo', ['-ro', '-so', '--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`,
      `OAPIF:${server.baseUrl}/ogc`, 'hazard']);
    expect(featureCount(stdout)).toBe(n);
  }, 180_000);
});
