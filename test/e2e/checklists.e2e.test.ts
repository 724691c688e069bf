// A check on the spot (安全标准清单) in real headless Chromium against the real server and PostGIS: the grid worker
// opens a risk point of their grid on the map, fills in its checklist with one failed item and submits; the failed
// item opens a hazard of its category at the point, and the panel links to it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openMapAs, type MapUser } from '../support/browser.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';
import { workerAndGrid } from '../support/tracks.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const PANEL = '#feature-panel';
const CHECK = `${PANEL} [data-testid="risk-point-check"]`;
const NAME = '检查测试老旧房屋';
/** old_house's list in data/risk-checklists.json; this item fails, as a hazard of category extinguisher_expired. */
const ITEMS = ['walls_sound', 'roof_sound', 'wiring_tidy', 'extinguisher_valid'];
const FAILED = 'extinguisher_valid';
const NOTE = '灭火器已过期两个月';

let server: TestServer;
let hold: { release(): void } | undefined;
let browser: Browser;
let user: MapUser;
let page: Page;
let own: Awaited<ReturnType<typeof workerAndGrid>>;
let point: { id: number; lon: number; lat: number };

beforeAll(async () => {
  server = await startTestServer({ clientDir: CLIENT_DIR });
  hold = await server.db.pool.connect();
  own = await workerAndGrid(server.db.pool);
  // The leader registers the point through the API, inside the worker's grid.
  const { rows: [at] } = await server.db.pool.query(
    'select st_x(p) as lon, st_y(p) as lat from grid g, st_pointonsurface(g.geom) p where g.id = $1', [own.gridId]);
  const leader = await signIn(server.baseUrl, 'leader');
  const res = await fetch(`${server.baseUrl}/api/risk-points`, {
    method: 'POST',
    headers: { cookie: leader, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [at.lon, at.lat] },
      properties: { kind: 'old_house', level: 'high', name: NAME } }),
  });
  expect(res.status).toBe(201);
  point = { id: Number((await res.json()).id), lon: at.lon, lat: at.lat };
  browser = await launchChromium();
  user = await openMapAs(browser, server.baseUrl, 'worker', { width: 1400, height: 900 });
  page = user.page;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  hold?.release();
  await server?.close();
});

describe('a grid worker checks a risk point on the spot', () => {
  it('opens the risk point from the map and its checklist from the panel', async () => {
    await page.evaluate(([lon, lat]) => window.gridwatch.map.jumpTo({ center: [lon, lat], zoom: 18 }), [point.lon, point.lat]);
    await page.waitForFunction((want) => window.gridwatch.map.queryRenderedFeatures({ layers: ['risk-point-circle'] })
      .some((f) => f.id === want), point.id, { timeout: 30_000 });
    const xy = await page.evaluate(([lon, lat]) => window.gridwatch.map.project([lon, lat]), [point.lon, point.lat]);
    await page.mouse.click(xy.x, xy.y);
    await page.waitForSelector(`${PANEL}[data-layer="risk_point"][data-feature-id="${point.id}"][data-state="ready"]`);
    await page.waitForSelector(`${CHECK}[data-risk-point-id="${point.id}"]`);
    expect(await page.$$(`${CHECK} [data-testid="check-history"] li[data-check-id]`)).toHaveLength(0);

    await page.click(`${CHECK} button[data-action="check"]`);
    await page.waitForSelector(`${CHECK} form[data-form="risk-point-check"]`);
    const items = await page.$$eval(`${CHECK} [data-item]`, (rows) => rows.map((r) => (r as HTMLElement).dataset.item));
    expect(items).toEqual(ITEMS);
    // Every item starts passed; opening hazards for failed ones is on.
    expect(await page.$$eval(`${CHECK} input[value="pass"]:checked`, (r) => r.length)).toBe(ITEMS.length);
    expect(await page.isChecked(`${CHECK} input[name="open_hazards"]`)).toBe(true);
  });

  it('submits one failed item; a hazard of its category opens at the point, and the panel links to it', async () => {
    await page.click(`${CHECK} [data-item="${FAILED}"] input[value="fail"]`);
    await page.fill(`${CHECK} input[name="note-${FAILED}"]`, NOTE);
    expect(await page.textContent(`${CHECK} form button[type="submit"]`)).toContain('1 项不合格');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST'
      && new URL(r.url()).pathname === `/api/risk-points/${point.id}/checks`);
    await page.click(`${CHECK} form button[type="submit"]`);
    const res = await posted;
    expect(res.status()).toBe(201);
    const sent = JSON.parse(res.request().postData() ?? '{}');
    expect(sent.open_hazards).toBe(true);
    expect(sent.answers).toEqual(ITEMS.map((item) => (item === FAILED ? { item, ok: false, note: NOTE } : { item, ok: true })));

    const result = `${CHECK} [data-testid="check-result"]`;
    await page.waitForSelector(result);
    expect(await page.getAttribute(result, 'data-failed')).toBe('1');
    const hazardIds = (await page.getAttribute(result, 'data-hazards'))!.split(' ').map(Number);
    expect(hazardIds).toHaveLength(1);
    const [hazardId] = hazardIds;

    const { rows: hazards } = await server.db.pool.query(
      `select h.id, h.category, h.severity, h.status, h.risk_point_id, h.description,
              st_distance(h.geom::geography, r.geom::geography) as metres
       from hazard h join risk_point r on r.id = $1 where h.risk_point_id = $1`, [point.id]);
    expect(hazards).toHaveLength(1);
    expect(hazards[0]).toMatchObject({ id: hazardId, category: 'extinguisher_expired', severity: 'minor', status: 'reported' });
    expect(hazards[0].metres).toBeLessThan(0.01);
    expect(hazards[0].description).toContain(NOTE);
    const { rows: checks } = await server.db.pool.query(
      'select failed, hazard_ids, checked_by from risk_point_check where risk_point_id = $1', [point.id]);
    expect(checks).toEqual([{ failed: 1, hazard_ids: [hazardId], checked_by: 'worker' }]);
    const { rows: [rp] } = await server.db.pool.query('select last_inspected_at from risk_point where id = $1', [point.id]);
    expect(rp.last_inspected_at).not.toBeNull();

    // The check is listed among the point's recent ones.
    await page.waitForSelector(`${CHECK} [data-testid="check-history"] li[data-check-id][data-failed="1"]`);

    // The link opens the hazard in the panel, as the hazard register does.
    await page.click(`${result} button[data-hazard-id="${hazardId}"]`);
    await page.waitForSelector(`${PANEL}[data-layer="hazard"][data-feature-id="${hazardId}"][data-state="ready"]`, { timeout: 20_000 });
    expect(await page.getAttribute(`${PANEL} [data-field="category"]`, 'data-value')).toBe('extinguisher_expired');
    // The map draws the new hazard (its tiles were refreshed).
    await page.waitForFunction((want) => window.gridwatch.map.queryRenderedFeatures({ layers: ['hazard-circle'] })
      .some((f) => Number(f.id) === want), hazardId, { timeout: 20_000 });
    expect(user.errors).toEqual([]);
  });
});
