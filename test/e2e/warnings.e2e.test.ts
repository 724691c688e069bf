// A targeted warning and its call-back (叫应), in real headless Chromium against the real server and PostGIS: the
// chief draws a small area around the demo worker's grid and issues a warning; its grids appear on the map as
// silent, with the workers and leaders to notify; the worker, signed in elsewhere, acknowledges ("收到"); within the
// next live refresh the chief's map and list show that grid acknowledged, and the others still silent.
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mapIdle } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const PANEL = '#emergency';
const BOX = `${PANEL} [data-tab-box="warnings"]`;
const WORKER_GRID = '53232710100100101';
const MESSAGE = '山洪预警：未来3小时强降雨，请立即转移低洼处群众（端到端测试）';

let server: TestServer;
/** One connection held for the whole file, so no other run's setup drops this clone meanwhile. */
let hold: { release(): void } | undefined;
let browser: Browser;
let chief: Page;
const errors: string[] = [];
/** The worker's grid, and a square a little larger than its envelope. */
let grid: { id: number; ring: [number, number][] };
let warningId: number;
let warnedGrids: { grid_id: number; code: string }[];

async function open(username: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${username}: ${e.message}`));
  await page.goto(server.baseUrl);
  await page.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
  await page.fill('#sign-in input[name="username"]', username);
  await page.fill('#sign-in input[name="password"]', 'gridwatch');
  await page.click('#sign-in button[type="submit"]');
  await page.waitForSelector('body[data-session="signed-in"]');
  return page;
}

beforeAll(async () => {
  server = await startTestServer({ clientDir: CLIENT_DIR });
  hold = await server.db.pool.connect();
  const { rows: [g] } = await server.db.pool.query(`
    select id::int, st_xmin(e) as w, st_ymin(e) as s, st_xmax(e) as e, st_ymax(e) as n
    from grid, st_expand(st_envelope(geom), 0.0005) e where code = $1 and retired_at is null`, [WORKER_GRID]);
  grid = { id: g.id, ring: [[g.w, g.s], [g.e, g.s], [g.e, g.n], [g.w, g.n]] };
  browser = await launchChromium();
  chief = await open('chief', { width: 1600, height: 1000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  hold?.release();
  await server?.close();
});

const idle = (page: Page) => mapIdle(page);

const answer = (page: Page, method: string, path: RegExp) => page.waitForResponse((r: Response) =>
  r.request().method() === method && path.test(new URL(r.url()).pathname), { timeout: 20_000 });

/** Page pixels of positions on the map: the map sits right of the open side panel, so its offset is added. */
const project = (page: Page, positions: [number, number][]) => page.evaluate((ps) => {
  const { map } = window.gridwatch;
  const box = map.getContainer().getBoundingClientRect();
  return ps.map((p) => {
    const { x, y } = map.project(p as [number, number]);
    return { x: x + box.left, y: y + box.top };
  });
}, positions);

/** The state the map draws the grid's warning fill with, or null when it is not drawn. */
const drawnState = (page: Page, id: number) => page.evaluate((want) => {
  const f = window.gridwatch.map.queryRenderedFeatures({ layers: ['warning-grid-fill'] }).find((x) => x.id === want);
  return f ? String(f.properties.state) : null;
}, id);

describe('a warning over a small area', () => {
  it('is drawn and issued by the chief, and its grids appear on the map as silent', async () => {
    await chief.click('#emergency-button');
    await chief.waitForSelector(`${PANEL}:not([hidden])[data-tab="disasters"]`);
    await chief.click(`${PANEL} button[data-tab="warnings"]`);
    await chief.waitForSelector(`${BOX}[data-state="ready"]`);
    const xs = grid.ring.map((p) => p[0]);
    const ys = grid.ring.map((p) => p[1]);
    await chief.evaluate((b) => window.gridwatch.map.fitBounds(b as [number, number, number, number],
      { padding: { top: 200, bottom: 160, left: 300, right: 340 }, duration: 0 }),
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    await idle(chief);

    await chief.click(`${BOX} button[data-action="new-warning"]`);
    const form = `${BOX} form[data-form="warning-issue"]`;
    await chief.waitForSelector(`${form}:not([hidden]) select[name="disaster_id"] option[value=""]`, { state: 'attached' });
    await chief.click(`${form} button[data-method="polygon"]`);
    const pixels = await project(chief, grid.ring);
    for (const p of pixels) await chief.mouse.click(p.x, p.y);
    await chief.mouse.click(pixels[0].x, pixels[0].y); // closes the ring
    await chief.waitForSelector(`${form} [data-testid="area-state"][data-area="picked"]`);
    expect(await chief.isHidden('#feature-panel')).toBe(true);
    await chief.selectOption(`${form} select[name="level"]`, 'red');
    await chief.fill(`${form} textarea[name="message"]`, MESSAGE);
    await chief.fill(`${form} input[name="ack_minutes"]`, '20');
    const issued = answer(chief, 'POST', /^\/api\/warnings$/);
    await chief.click(`${form} button[type="submit"]`);
    const res = await issued;
    expect(res.status()).toBe(201);
    const body = await res.json();
    warningId = body.id;
    warnedGrids = body.grids;
    expect(warnedGrids.map((g) => g.code)).toContain(WORKER_GRID);

    // The panel lists the grids, all silent, and everyone to notify with phones; the SMS list is a link.
    await chief.waitForSelector(`${BOX} [data-testid="warning"][data-warning-id="${warningId}"]`);
    const rows = await chief.$$eval(`${BOX} [data-testid="warning-grids"] tbody tr`, (trs) => trs.map((tr) => ({
      code: (tr as HTMLElement).dataset.code, state: (tr as HTMLElement).dataset.state })));
    expect(rows).toEqual(warnedGrids.map((g) => ({ code: g.code, state: 'silent' })));
    expect(await chief.$$eval(`${BOX} [data-testid="warning-recipients"] tbody tr`, (trs) => trs.length)).toBe(body.recipients.length);
    expect(await chief.getAttribute(`${BOX} a[data-testid="warning-csv"]`, 'href')).toBe(`/api/warnings/${warningId}/recipients.csv`);
    expect(await chief.getAttribute(`${BOX} [data-testid="warning-totals"] [data-state="silent"]`, 'data-count')).toBe(String(warnedGrids.length));
    await chief.waitForSelector(`${BOX} [data-testid="warning-list"] li[data-warning-id="${warningId}"]`);

    // In the database: the area drawn, one recipient row per grid, none acknowledged.
    const { rows: [w] } = await server.db.pool.query(`select level, message, ack_minutes, issued_by,
        st_area(st_symdifference(geom, st_makeenvelope($2, $3, $4, $5, 4326))::geography) / st_area(geom::geography) as off
      from warning where id = $1`, [warningId, ...grid.ring[0], ...grid.ring[2]]);
    expect(w).toMatchObject({ level: 'red', message: MESSAGE, ack_minutes: 20, issued_by: 'chief' });
    expect(w.off).toBeLessThan(0.02);
    const { rows: recipients } = await server.db.pool.query(
      'select grid_code, acknowledged_at from warning_recipient where warning_id = $1 order by grid_code', [warningId]);
    expect(recipients.map((r) => r.grid_code)).toEqual(warnedGrids.map((g) => g.code));
    expect(recipients.every((r) => r.acknowledged_at === null)).toBe(true);

    await idle(chief);
    expect(await drawnState(chief, grid.id)).toBe('silent');
  });

  it('is acknowledged by the worker; the chief\'s live map shows that grid acknowledged within the next refresh', async () => {
    const worker = await open('worker', { width: 390, height: 844 });
    // The worker is told without looking: a banner counts the warnings waiting, and opens them.
    await worker.waitForSelector('#warning-banner:not([hidden])[data-count="1"]');
    await worker.click('#warning-banner button');
    await worker.waitForSelector(`${PANEL}:not([hidden])[data-tab="warnings"]`);
    const item = `${PANEL} [data-testid="received-warnings"] li[data-warning-id="${warningId}"]`;
    await worker.waitForSelector(`${item}[data-state="silent"]`);
    expect(await worker.textContent(item)).toContain(MESSAGE);
    const acked = answer(worker, 'POST', /^\/api\/warnings\/\d+\/ack$/);
    await worker.click(`${item} button[data-action="acknowledge"]`);
    expect((await acked).status()).toBe(200);
    await worker.waitForSelector(`${item}[data-state="acknowledged"]`);
    const { rows: [row] } = await server.db.pool.query(
      'select acknowledged_by, acknowledged_at from warning_recipient where warning_id = $1 and grid_code = $2', [warningId, WORKER_GRID]);
    expect(row.acknowledged_by).toBe('worker');
    expect(row.acknowledged_at).not.toBeNull();

    // The chief does nothing: the panel's live refresh (every 15 s) brings the answer.
    const before = Number(await chief.getAttribute(BOX, 'data-refreshed'));
    await chief.waitForSelector(`${BOX} [data-testid="warning-grids"] tr[data-code="${WORKER_GRID}"][data-state="acknowledged"]`, { timeout: 20_000 });
    expect(Number(await chief.getAttribute(BOX, 'data-refreshed'))).toBeGreaterThan(before);
    await chief.waitForFunction((id) => window.gridwatch.map.queryRenderedFeatures({ layers: ['warning-grid-fill'] })
      .some((f) => f.id === id && f.properties.state === 'acknowledged'), grid.id, { timeout: 10_000 });
    const others = warnedGrids.filter((g) => g.code !== WORKER_GRID);
    for (const g of others) {
      expect(await chief.getAttribute(`${BOX} [data-testid="warning-grids"] tr[data-code="${g.code}"]`, 'data-state')).toBe('silent');
    }
    expect(await chief.getAttribute(`${BOX} [data-testid="warning-totals"] [data-state="acknowledged"]`, 'data-count')).toBe('1');
    await worker.context().close();
  });

  it('records a leader\'s phone call-back for a silent grid', async () => {
    const other = warnedGrids.find((g) => g.code !== WORKER_GRID);
    expect(other, 'the drawn area covers more than the worker\'s grid').toBeDefined();
    const acked = answer(chief, 'POST', /^\/api\/warnings\/\d+\/ack$/);
    await chief.click(`${BOX} [data-testid="warning-grids"] tr[data-code="${other!.code}"] button[data-action="call-back"]`);
    expect((await acked).status()).toBe(200);
    await chief.waitForSelector(`${BOX} [data-testid="warning-grids"] tr[data-code="${other!.code}"][data-state="acknowledged"]`);
    const { rows: [row] } = await server.db.pool.query(
      'select acknowledged_by, ack_note from warning_recipient where warning_id = $1 and grid_code = $2', [warningId, other!.code]);
    expect(row).toMatchObject({ acknowledged_by: 'chief', ack_note: '电话叫应' });
  });

  it('threw no page errors', () => {
    expect(errors).toEqual([]);
  });
});
