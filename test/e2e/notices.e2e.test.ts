// Printable grid notices (网格公示) against the real server, PostGIS and headless Chromium: a village's PDF names every
// one of its micro-grids with the grid worker and phone (read back with pdftotext), its PNG is a real picture, a
// township's batch holds each village's notice in turn, only leaders within their jurisdiction make them, and a
// notice's ?report= link opens the hazard report on the map.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoticeRenderer, type NoticeRenderer } from '../../server/notices/notice-renderer.ts';
import { HttpError } from '../../server/http/errors.ts';
import { launchChromium } from '../support/browser.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const TOWNSHIP = '532327101'; // 永定镇, the demo leader's jurisdiction
const OTHER_VILLAGE = '532327102201';

let server: TestServer;
let hold: { release(): void } | undefined;
let renderer: NoticeRenderer;
let browser: Browser;
let leader: string;
let worker: string;
let tmp: string;
/** The village of the township with the most grids, so its table runs onto continuation sheets. */
let village: { code: string; name: string; leader_name: string; leader_phone: string };
let grids: { code: string; name: string; worker_name: string; worker_phone: string }[];

const get = (path: string, cookie?: string) => fetch(`${server.baseUrl}${path}`, { headers: cookie ? { cookie } : {} });

/**
 * pdftotext's reading of a PDF in the order it was drawn (-raw), one string per page: a table row is one line, and
 * the map's labels, drawn before the table, do not interleave with it as they do in the layout mode.
 */
function pdfPages(pdf: Buffer): string[] {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const pages = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

function pdfInfo(pdf: Buffer): { pages: number; size: string } {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), size: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '' };
}

async function body(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'gw-notices-'));
  renderer = createNoticeRenderer();
  server = await startTestServer({ clientDir: CLIENT_DIR, noticeRenderer: renderer });
  hold = await server.db.pool.connect();
  leader = await signIn(server.baseUrl, 'leader');
  worker = await signIn(server.baseUrl, 'worker');
  ({ rows: [village] } = await server.db.pool.query(`
    select v.code, v.name, p.name as leader_name, p.phone as leader_phone
    from admin_unit v join person p on p.role = 'leader' and p.jurisdiction = v.code
    where v.parent_code = $1 and v.level = 'village'
    order by (select count(*) from grid g where g.retired_at is null and g.code like v.code || '%') desc, v.code limit 1`, [TOWNSHIP]));
  ({ rows: grids } = await server.db.pool.query(`
    select g.code, g.name, p.name as worker_name, p.phone as worker_phone
    from grid g join person p on p.id = g.worker_id
    where g.retired_at is null and g.code like $1 || '%' order by g.code`, [village.code]));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await renderer?.close();
  hold?.release();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a village notice', () => {
  it('lists every micro-grid of the village with its worker and phone, under the leaders, in Chinese', async () => {
    const { rows: [{ live }] } = await server.db.pool.query(
      `select count(*)::int as live from grid where retired_at is null and code like $1 || '%'`, [village.code]);
    expect(grids.length).toBe(live); // every grid of the demo village has a worker, so none is left out below
    expect(live).toBeGreaterThan(150);

    const started = Date.now();
    const res = await get(`/api/notices/${village.code}.pdf`, leader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = await body(res);
    console.log(`notice PDF of ${village.code} (${live} grids): ${pdf.length} bytes in ${Date.now() - started} ms`);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(join(ARTIFACTS, 'notice-village.pdf'), pdf);

    const info = pdfInfo(pdf);
    expect(info.size).toMatch(/^841\.\d+ x 595\.\d+ pts \(A4\)|^842(\.\d+)? x 595(\.\d+)? pts/);
    const pages = pdfPages(pdf);
    expect(pages.length).toBe(info.pages);
    expect(pages.length).toBeGreaterThan(1); // the table continues on sheets of its own
    expect(pages[0]).toContain(`${village.name}微网格公示`);
    expect(pages[0]).toContain('网格员职责');
    expect(pages[0]).toMatch(new RegExp(`村级网格长：${village.leader_name}\\s*${village.leader_phone}`));
    for (const p of pages.slice(1)) expect(p).toContain('（续表）');

    // Each grid's row: its number on the map, its name (without the village's in front), the worker and the phone.
    const lines = new Set(pages.join('\n').split('\n').map((l) => l.trim()));
    const missing = grids.filter((g, i) => {
      const shown = g.name.startsWith(village.name) ? g.name.slice(village.name.length) : g.name;
      return !lines.has(`${i + 1} ${shown} ${g.worker_name} ${g.worker_phone}`);
    });
    expect(missing.map((g) => g.code)).toEqual([]);

    // Each group's grid leader heads the group's rows.
    const { rows: groupLeaders } = await server.db.pool.query(`
      select p.name, p.phone from admin_unit a join person p on p.role = 'leader' and p.jurisdiction = a.code
      where a.parent_code = $1`, [village.code]);
    expect(groupLeaders.length).toBeGreaterThan(5);
    for (const l of groupLeaders) expect([...lines].some((line) => new RegExp(`组级网格长\\s*${l.name}\\s*${l.phone}`).test(line))).toBe(true);
  });

  it('prints on A3 as the same sheets enlarged', async () => {
    const res = await get(`/api/notices/${village.code}.pdf?paper=a3`, leader);
    expect(res.status).toBe(200);
    const info = pdfInfo(await body(res));
    expect(info.size).toMatch(/^119\d(\.\d+)? x 84\d(\.\d+)? pts/);
  });

  it('renders a group notice to a PNG picture that is not blank', async () => {
    const group = grids[0].code.slice(0, 15);
    const res = await get(`/api/notices/${group}.png`, leader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = await body(res);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(50_000);
    writeFileSync(join(ARTIFACTS, 'notice-group.png'), png);
    // Decoded in a browser page: one A4 landscape sheet at 150 dpi, with the map's colours, text and QR code.
    const page = await browser.newPage();
    const seen = await page.evaluate(async (b64) => {
      const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, img.width, img.height).data;
      const colours = new Set<number>();
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) {
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        if (d[i] + d[i + 1] + d[i + 2] < 200) dark++;
      }
      return { width: img.width, height: img.height, colours: colours.size, darkShare: dark / (d.length / 4) };
    }, png.toString('base64'));
    await page.close();
    expect(seen.width).toBe(1755);
    expect(seen.height).toBeGreaterThanOrEqual(1235);
    expect(seen.height).toBeLessThanOrEqual(1241);
    expect(seen.colours).toBeGreaterThan(200);
    expect(seen.darkShare).toBeGreaterThan(0.01);
    expect(seen.darkShare).toBeLessThan(0.5);
  });

  it('makes an enterprise grid its own notice, with its worker', async () => {
    const { rows: [g] } = await server.db.pool.query(`
      select g.code, g.name, p.name as worker_name, p.phone as worker_phone from grid g join person p on p.id = g.worker_id
      where g.retired_at is null and g.kind = 'enterprise' and g.code like $1 || '%' order by g.code limit 1`, [TOWNSHIP]);
    const res = await get(`/api/notices/${g.code}.pdf`, leader);
    expect(res.status).toBe(200);
    const [page, ...more] = pdfPages(await body(res));
    expect(more).toEqual([]);
    expect(page).toContain('企业网格）公示');
    expect(page.split('\n')).toContain(`1 ${g.name} ${g.worker_name} ${g.worker_phone}`);
    expect(page).toContain('组级网格长');
  });
});

describe('a township batch', () => {
  it('holds every village notice of the township in code order, each starting on a sheet of its own', async () => {
    const started = Date.now();
    const res = await get(`/api/notices/township/${TOWNSHIP}.pdf`, leader);
    expect(res.status).toBe(200);
    const pdf = await body(res);
    console.log(`township batch ${TOWNSHIP}: ${pdf.length} bytes in ${Date.now() - started} ms`);
    const pages = pdfPages(pdf);
    expect(pages.length).toBe(pdfInfo(pdf).pages);
    const { rows: villages } = await server.db.pool.query(
      `select name from admin_unit where parent_code = $1 and level = 'village' order by code`, [TOWNSHIP]);
    // A first sheet carries the duties; every other sheet continues the notice before it.
    const firsts = pages.filter((p) => p.includes('网格员职责'));
    expect(firsts.length).toBe(villages.length);
    firsts.forEach((p, i) => expect(p).toContain(`永定镇${villages[i].name}微网格公示`));
    for (const p of pages.filter((q) => !q.includes('网格员职责'))) expect(p).toContain('（续表）');
    expect(pages[0]).toContain('网格员职责');
  }, 240_000);
});

describe('who may make notices', () => {
  it('asks for sign-in, a leader, chief or planner, within the jurisdiction, and a notice unit that exists', async () => {
    expect((await get(`/api/notices/${village.code}.pdf`)).status).toBe(401);
    expect((await get(`/api/notices/township/${TOWNSHIP}.pdf`)).status).toBe(401);
    const byWorker = await get(`/api/notices/${village.code}.pdf`, worker);
    expect(byWorker.status).toBe(403);
    expect((await byWorker.json()).code).toBe('forbidden');
    expect((await get(`/api/notices/${OTHER_VILLAGE}.pdf`, leader)).status).toBe(403);
    expect((await get('/api/notices/township/532327102.pdf', leader)).status).toBe(403);
    const none = await get(`/api/notices/${village.code}999.png`, leader);
    expect(none.status).toBe(404);
    expect((await none.json()).code).toBe('not_found');
    expect((await get(`/api/notices/${TOWNSHIP}.pdf`, leader)).status).toBe(400); // a township is a batch
    expect((await get(`/api/notices/${village.code}.pdf?paper=a5`, leader)).status).toBe(400);
    expect((await get(`/api/notices/${village.code}.docx`, leader)).status).toBe(400);
    const html = await get(`/api/notices/${village.code}`, leader);
    expect(html.status).toBe(200);
    const text = await html.text();
    expect(text).toContain('<svg');
    expect(text).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)(?!www\.w3\.org)/); // nothing to run or fetch
  });

  it('answers 503 with the reason when Chromium is not installed', async () => {
    const missing = createNoticeRenderer({ executablePath: '/nonexistent/chromium' });
    const err = await missing.pdf('<p>x</p>', 'a4').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(503);
    expect((err as HttpError).message).toMatch(/Chromium is not installed/);
  });
});

describe('the QR code link', () => {
  it('opens the hazard report on the grid after sign-in', async () => {
    const grid = grids[0].code;
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/?report=${grid}`);
    await page.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
    expect(await page.isHidden('#hazard-report')).toBe(true); // signed out: nothing opens yet
    await page.fill('#sign-in input[name="username"]', 'leader');
    await page.fill('#sign-in input[name="password"]', 'gridwatch');
    await page.click('#sign-in button[type="submit"]');
    await page.waitForSelector(`body[data-report-link="${grid}"]`);
    await page.waitForSelector('#hazard-report form');
    const { rows: [box] } = await server.db.pool.query(`
      select st_xmin(geom) w, st_ymin(geom) s, st_xmax(geom) e, st_ymax(geom) n from grid where code = $1`, [grid]);
    const centre = await page.evaluate(() => window.gridwatch.map.getCenter().toArray());
    expect(centre[0]).toBeGreaterThan(box.w);
    expect(centre[0]).toBeLessThan(box.e);
    expect(centre[1]).toBeGreaterThan(box.s);
    expect(centre[1]).toBeLessThan(box.n);
    expect(new URL(page.url()).searchParams.has('report')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
