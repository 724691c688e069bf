// The map as a person uses it, in real headless Chromium against the real server and PostGIS.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

let server: TestServer;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer({ clientDir: CLIENT_DIR });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.baseUrl);
  await page.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const idle = () => page.evaluate(() => new Promise<void>((resolve) => {
  const map = window.gridwatch.map;
  if (map.loaded() && !map.isMoving()) map.once('idle', () => resolve());
  else map.once('idle', () => resolve());
  map.triggerRepaint();
}));

const rendered = (layer: string) => page.evaluate((id) => window.gridwatch.map.queryRenderedFeatures({ layers: [id] }).length, layer);

describe('the map', () => {
  it('opens on Yongren and draws the micro-grids and boundaries', async () => {
    const center = await page.evaluate(() => window.gridwatch.map.getCenter().toArray());
    expect(center[0]).toBeGreaterThan(101.3);
    expect(center[0]).toBeLessThan(101.9);
    expect(center[1]).toBeGreaterThan(25.8);
    expect(center[1]).toBeLessThan(26.6);
    expect(await rendered('grid-fill')).toBeGreaterThan(500);
    expect(await rendered('admin-unit-line')).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it('loads nothing from outside the server (it runs on an intranet)', () => {
    const outside = requests.filter((u) => !u.startsWith(server.baseUrl) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(outside).toEqual([]);
  });

  it('opens a panel with the grid\'s code, group, worker and phone when a grid is clicked', async () => {
    // A large grid near the middle of the view, clicked at a point surely inside it.
    const bounds = await page.evaluate(() => window.gridwatch.map.getBounds().toArray().flat());
    const { rows } = await server.db.pool.query(
      `select g.id, g.code, p.name as worker, p.phone, st_x(c) as lon, st_y(c) as lat
       from grid g join person p on p.id = g.worker_id, st_pointonsurface(g.geom) c
       where g.geom && st_makeenvelope($1, $2, $3, $4, 4326) order by st_area(g.geom) desc limit 1`, bounds);
    const grid = rows[0];
    const at = await page.evaluate(([lon, lat]) => window.gridwatch.map.project([lon, lat]), [grid.lon, grid.lat]);
    await page.mouse.click(at.x, at.y);
    // Below z12 tiles carry only id, code and kind: worker and phone come with the API's answer ("ready").
    await page.waitForSelector(`#feature-panel[data-layer="grid"][data-feature-id="${grid.id}"][data-state="ready"]`,
      { timeout: 10_000 });
    const text = await page.textContent('#feature-panel');
    expect(text).toContain(grid.code);
    expect(text).toContain(grid.worker);
    expect(text).toContain(grid.phone);
    await page.screenshot({ path: `${ARTIFACTS}map-grid-panel.png` });
  });

  it('shows risk points and hazards once signed in, within the jurisdiction', async () => {
    expect(await page.evaluate(() => Boolean(window.gridwatch.map.getSource('risk_point')))).toBe(false);
    await page.fill('#sign-in input[name="username"]', 'chief');
    await page.fill('#sign-in input[name="password"]', 'gridwatch');
    await page.click('#sign-in button[type="submit"]');
    await page.waitForSelector('body[data-session="signed-in"]');
    // Zoom to the county seat, where risk points and hazards are dense.
    await page.evaluate(() => window.gridwatch.map.jumpTo({ center: [101.665, 26.053], zoom: 13 }));
    await idle();
    await page.waitForFunction(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['risk-point-circle'] }).length > 0,
      undefined, { timeout: 15_000 });
    expect(await rendered('risk-point-circle')).toBeGreaterThan(0);
    expect(await rendered('hazard-circle')).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}map-signed-in.png` });
  });

  it('draws households, risk points and hazards as clusters at county zoom; a click on one zooms in', async () => {
    await page.evaluate(() => window.gridwatch.map.jumpTo({ center: [101.6, 26.1], zoom: 9.5 }));
    await idle();
    for (const layer of ['household-cluster', 'risk-point-cluster', 'hazard-cluster', 'hazard-cluster-label']) {
      await page.waitForFunction((id) => window.gridwatch.map.queryRenderedFeatures({ layers: [id] }).length > 0, layer,
        { timeout: 15_000 });
    }
    await page.screenshot({ path: `${ARTIFACTS}map-clusters.png` });
    // The hazard cluster with the most open hazards: hazards are on top, so the click lands on it.
    const target = await page.evaluate(() => {
      const map = window.gridwatch.map;
      const [f] = map.queryRenderedFeatures({ layers: ['hazard-cluster'] })
        .sort((a, b) => Number(b.properties.open) - Number(a.properties.open));
      const at = (f.geometry as GeoJSON.Point).coordinates as [number, number];
      // Drawn as a badge beside the spot (the layers' clusters share cells): the click goes where it is drawn.
      const [dx, dy] = map.getPaintProperty('hazard-cluster', 'circle-translate') as [number, number];
      const xy = map.project(at);
      return { at, xy: { x: xy.x + dx, y: xy.y + dy }, zoom: map.getZoom() };
    });
    const panelBefore = await page.getAttribute('#feature-panel', 'data-feature-id');
    await page.mouse.click(target.xy.x, target.xy.y);
    await page.waitForFunction((z) => !window.gridwatch.map.isMoving() && window.gridwatch.map.getZoom() >= z + 1.9,
      target.zoom, { timeout: 10_000 });
    const center = await page.evaluate(() => window.gridwatch.map.getCenter().toArray());
    expect(center[0]).toBeCloseTo(target.at[0], 3);
    expect(center[1]).toBeCloseTo(target.at[1], 3);
    // No panel for a cluster: whatever was shown stays as it was.
    expect(await page.getAttribute('#feature-panel', 'data-feature-id')).toBe(panelBefore);
    expect(await page.getAttribute('#feature-panel', 'data-layer')).not.toBe('hazard');
    await idle();
    await page.screenshot({ path: `${ARTIFACTS}map-clusters-zoomed.png` });
    expect(pageErrors).toEqual([]);
  });

  it('switches the interface to English and back', async () => {
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang.startsWith('en') || document.title.includes('Yongren'));
    expect(await page.title()).toMatch(/[A-Za-z]{4,}/);
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.title.includes('永仁'));
  });
});
