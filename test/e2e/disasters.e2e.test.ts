// Disaster verification as the chief and a field team do it, in real headless Chromium against the real server and
// PostGIS: the chief draws a footprint across two neighbouring villages on the map, records the disaster, reads the
// affected households and people by group (equal to the API's figures and to a count made here), generates one task
// per grid, gives two tasks to two teams (the second also to the demo grid worker), records figures for the first and
// verifies it; the worker, on a phone-sized screen, finds the second among their tasks, sees its households numbered
// on the map and verifies it; the chief produces the initial report (初报) and opens its print page.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mapIdle } from '../support/browser.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const PANEL = '#emergency';
const BOX = `${PANEL} [data-tab-box="disasters"]`;
const TOWNSHIP = '532327101';
const FIGURES = { households_affected: 17, people_affected: 53, houses_collapsed: 2, houses_severely_damaged: 3,
  houses_moderately_damaged: 5, houses_slightly_damaged: 8, people_relocated: 21 };
const FIELD_FIGURES = { households_affected: 4, people_affected: 11, houses_collapsed: 0, houses_severely_damaged: 1,
  houses_moderately_damaged: 1, houses_slightly_damaged: 2, people_relocated: 3 };

let server: TestServer;
/** One connection held for the whole file, so no other run's setup drops this clone meanwhile. */
let hold: { release(): void } | undefined;
let browser: Browser;
let chiefContext: BrowserContext;
let page: Page;
let cookie: string;
const errors: string[] = [];
const foreign: string[] = [];
/** Two neighbouring villages, and the corners of an octagon around a point on their shared border. */
let villages: string[];
let ring: [number, number][];
let disasterId: number;
let taskIds: number[];
let worker: { id: number; name: string };

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer({ clientDir: CLIENT_DIR });
  hold = await server.db.pool.connect();
  cookie = await signIn(server.baseUrl, 'chief');
  const { rows: [pair] } = await server.db.pool.query(`
    select a.code as a, b.code as b,
           st_asgeojson(st_buffer(st_pointonsurface(st_intersection(a.geom, b.geom))::geography, 500, 2)::geometry, 7)::json as g
    from admin_unit a join admin_unit b on a.code < b.code and a.parent_code = b.parent_code and st_touches(a.geom, b.geom)
    where a.level = 'village' and a.parent_code = $1 and st_length(st_intersection(a.geom, b.geom)::geography) > 1000
    order by a.code, b.code limit 1`, [TOWNSHIP]);
  villages = [pair.a, pair.b];
  ring = pair.g.coordinates[0].slice(0, -1);
  worker = (await server.db.pool.query(`select p.id::int, p.name from app_user u join person p on p.id = u.person_id where u.username = 'worker'`)).rows[0];
  browser = await launchChromium();
  chiefContext = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
  page = await chiefContext.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.baseUrl) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
  });
  await page.goto(server.baseUrl);
  await page.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
  await page.fill('#sign-in input[name="username"]', 'chief');
  await page.fill('#sign-in input[name="password"]', 'gridwatch');
  await page.click('#sign-in button[type="submit"]');
  await page.waitForSelector('body[data-session="signed-in"]');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  hold?.release();
  await server?.close();
});

const idle = (p: Page = page) => mapIdle(p);

const answer = (method: string, path: RegExp, p: Page = page) => p.waitForResponse((r: Response) =>
  r.request().method() === method && path.test(new URL(r.url()).pathname), { timeout: 20_000 });

const api = async (path: string) => {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.json();
};

/** Page pixels of positions on the map: the map sits right of the open side panel, so its offset is added. */
const project = (positions: [number, number][]) => page.evaluate((ps) => {
  const { map } = window.gridwatch;
  const box = map.getContainer().getBoundingClientRect();
  return ps.map((p) => {
    const { x, y } = map.project(p as [number, number]);
    return { x: x + box.left, y: y + box.top };
  });
}, positions);

const taskRow = async (id: number) => (await server.db.pool.query(
  'select state, team, assignee_person_id::int, figures, verified_by from verification_task where id = $1', [id])).rows[0];

async function fillFigures(p: Page, figures: Record<string, number>) {
  for (const [k, v] of Object.entries(figures)) await p.fill(`${PANEL} form[data-form="task-figures"] input[name="${k}"]`, String(v));
}

describe('the chief records a disaster and plans its verification', () => {
  it('opens the emergency panel from one top-bar button that fits at 1280 px', async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    const bar = await page.locator('.top-bar').boundingBox();
    const button = await page.locator('#emergency-button').boundingBox();
    expect(await page.textContent('#emergency-button')).toBe('应急');
    expect(button!.x + button!.width).toBeLessThanOrEqual(bar!.x + bar!.width);
    expect(bar!.x + bar!.width).toBeLessThan(1280);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.click('#emergency-button');
    await page.waitForSelector(`${PANEL}:not([hidden])[data-tab="disasters"]`);
    await page.waitForSelector(`${BOX}[data-state="ready"]`);
  });

  it('draws a footprint across two villages on the map and records the disaster', async () => {
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    await page.evaluate((b) => window.gridwatch.map.fitBounds(b as [number, number, number, number],
      { padding: { top: 160, bottom: 120, left: 260, right: 300 }, duration: 0 }),
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    await idle();
    await page.click(`${BOX} button[data-action="new"]`);
    await page.click(`${BOX} form[data-form="disaster-create"] button[data-method="polygon"]`);
    const pixels = await project(ring);
    for (const p of pixels) await page.mouse.click(p.x, p.y);
    await page.mouse.click(pixels[0].x, pixels[0].y); // closes the ring
    await page.waitForSelector(`${BOX} [data-testid="area-state"][data-area="picked"]`);
    // The clicks drew the footprint; they opened no feature panel.
    expect(await page.isHidden('#feature-panel')).toBe(true);
    await page.selectOption(`${BOX} select[name="kind"]`, 'landslide');
    await page.fill(`${BOX} textarea[name="description"]`, '强降雨引发滑坡（端到端测试）');
    const created = answer('POST', /^\/api\/disasters$/);
    await page.click(`${BOX} form[data-form="disaster-create"] button[type="submit"]`);
    const res = await created;
    expect(res.status()).toBe(201);
    disasterId = (await res.json()).id;
    await page.waitForSelector(`${BOX} [data-testid="disaster"][data-disaster-id="${disasterId}"] [data-testid="impact-totals"]`);
    await page.waitForSelector(`${BOX} [data-testid="disaster-list"] li[data-disaster-id="${disasterId}"]`);

    const { rows: [d] } = await server.db.pool.query(
      `select kind, source, description, created_by, st_npoints(geom)::int as n,
              st_area(st_symdifference(geom, st_setsrid(st_geomfromgeojson($2), 4326))::geography) / st_area(geom::geography) as off
       from disaster where id = $1`, [disasterId, JSON.stringify({ type: 'Polygon', coordinates: [[...ring, ring[0]]] })]);
    expect(d).toMatchObject({ kind: 'landslide', source: 'drawn', description: '强降雨引发滑坡（端到端测试）', created_by: 'chief', n: 9 });
    expect(d.off).toBeLessThan(0.02); // drawn where meant, within a few pixels
    // The footprint is drawn on the map.
    await idle();
    expect(await page.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['disaster-footprint-line'] }).length)).toBeGreaterThan(0);
  });

  it('shows the affected households and people by group, as the API and a count made here say', async () => {
    const impact = await api(`/api/disasters/${disasterId}/impact?buffer=0`);
    const { rows: [truth] } = await server.db.pool.query(`select count(*)::int as households, coalesce(sum(h.persons), 0)::int as people
      from household h, disaster d where d.id = $1 and st_intersects(d.geom, h.geom)`, [disasterId]);
    expect(truth.households).toBeGreaterThan(0);
    const figure = (k: string) => page.getAttribute(`${BOX} [data-testid="impact-totals"] [data-figure="${k}"]`, 'data-value').then(Number);
    expect({ households: await figure('households'), people: await figure('people') }).toEqual(truth);
    expect({ households: impact.totals.households, people: impact.totals.people }).toEqual(truth);
    expect(await figure('grids')).toBe(impact.totals.grids);

    // One row per group, with the API's figures; the groups add up to the totals; both villages are there.
    const groups = await page.$$eval(`${BOX} [data-testid="impact-table"] tbody tr[data-level="group"]`, (trs) => trs.map((tr) => ({
      code: (tr as HTMLElement).dataset.code,
      households: Number(tr.querySelector('[data-col="households"]')!.textContent!.replace(/\D/g, '')),
      people: Number(tr.querySelector('[data-col="people"]')!.textContent!.replace(/\D/g, '')),
    })));
    const apiGroups = impact.units.filter((u: { level: string }) => u.level === 'group')
      .map((u: { code: string; households: number; people: number }) => ({ code: u.code, households: u.households, people: u.people }));
    expect(groups).toEqual(apiGroups);
    expect(groups.reduce((s, g) => s + g.households, 0)).toBe(truth.households);
    const shownVillages = await page.$$eval(`${BOX} [data-testid="impact-table"] tbody tr[data-level="village"]`, (trs) => trs.map((tr) => (tr as HTMLElement).dataset.code));
    expect(shownVillages).toEqual(expect.arrayContaining(villages));
    // Who answers for a grid, with a phone.
    expect(await page.textContent(`${BOX} [data-testid="impact-table"] tbody tr[data-level="grid"] [data-col="responsible"]`)).toMatch(/\d{7,}/);
  });

  it('generates one task per grid, drawn on the map coloured by state', async () => {
    await page.selectOption(`${BOX} form[data-form="plan"] select[name="mode"]`, 'grid');
    const planned = answer('POST', /^\/api\/disasters\/\d+\/tasks$/);
    await page.click(`${BOX} form[data-form="plan"] button[data-action="plan"]`);
    expect((await planned).status()).toBe(201);
    await page.waitForSelector(`${BOX} [data-testid="task-list"] li[data-task-id]`);
    const impact = await api(`/api/disasters/${disasterId}/impact`);
    const withWork = impact.grids.filter((g: { households: number; risk_points: number }) => g.households > 0 || g.risk_points > 0);
    taskIds = await page.$$eval(`${BOX} [data-testid="task-list"] li[data-task-id]`, (lis) => lis.map((li) => Number((li as HTMLElement).dataset.taskId)));
    expect(taskIds.length).toBe(withWork.length);
    expect(taskIds.length).toBeGreaterThanOrEqual(2);
    const { rows } = await server.db.pool.query('select grid_id::int, state from verification_task where disaster_id = $1 order by seq', [disasterId]);
    expect(rows.map((r) => r.grid_id).sort()).toEqual(withWork.map((g: { grid_id: number }) => g.grid_id).sort());
    expect(rows.every((r) => r.state === 'ready')).toBe(true);
    expect(await page.getAttribute(`${BOX} [data-testid="task-legend"] li[data-state="ready"]`, 'data-count')).toBe(String(taskIds.length));
    await idle();
    const drawn = await page.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['verification-task-fill'] })
      .map((f) => f.properties.state));
    expect(drawn.length).toBeGreaterThan(0);
    expect(new Set(drawn)).toEqual(new Set(['ready']));
    await page.screenshot({ path: `${ARTIFACTS}disasters-plan.png` });
  });

  it('assigns two tasks to two teams, the second also to the grid worker found by name', async () => {
    const [first, second] = taskIds;
    for (const [id, team] of [[first, '第一核查组'], [second, '第二核查组']] as const) {
      await page.click(`${BOX} [data-testid="task-list"] li[data-task-id="${id}"] button[data-action="open"]`);
      await page.waitForSelector(`${BOX} [data-testid="task-detail"][data-task-id="${id}"]`);
      await page.fill(`${BOX} form[data-form="task-assign"] input[name="team"]`, team);
      if (id === second) {
        await page.fill(`${BOX} form[data-form="task-assign"] input[name="person_search"]`, worker.name);
        await page.click(`${BOX} form[data-form="task-assign"] [data-testid="person-options"] button[data-person-id="${worker.id}"]`);
        await page.waitForSelector(`${BOX} form[data-form="task-assign"] [data-testid="person-picker"][data-person-id="${worker.id}"]`);
      }
      const patched = answer('PATCH', /^\/api\/disasters\/\d+\/tasks\/\d+$/);
      await page.click(`${BOX} form[data-form="task-assign"] button[data-action="assign"]`);
      expect((await patched).status()).toBe(200);
      await page.waitForSelector(`${BOX} [data-testid="task-list"] li[data-task-id="${id}"][data-team="${team}"]`);
      expect(await page.getAttribute(`${BOX} [data-testid="task-message"]`, 'data-kind')).toBe('success');
    }
    expect(await taskRow(first)).toMatchObject({ team: '第一核查组', state: 'ready' });
    expect(await taskRow(second)).toMatchObject({ team: '第二核查组', assignee_person_id: worker.id });
  });

  it('records figures for the first task and verifies it; a refused step shows the server\'s reason', async () => {
    const [first] = taskIds;
    await page.click(`${BOX} [data-testid="task-list"] li[data-task-id="${first}"] button[data-action="open"]`);
    await page.waitForSelector(`${BOX} [data-testid="task-detail"][data-task-id="${first}"][data-state="ready"]`);
    // Its households are drawn numbered in visiting order.
    await idle();
    const visits = await page.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['task-household-circle'] }).length);
    expect(visits).toBeGreaterThan(0);
    await page.click(`${BOX} form[data-form="task-figures"] button[data-action="start"]`);
    await page.waitForSelector(`${BOX} [data-testid="task-detail"][data-task-id="${first}"][data-state="in_progress"]`);
    await fillFigures(page, FIGURES);
    const verified = answer('POST', /^\/api\/disasters\/\d+\/tasks\/\d+\/transitions$/);
    await page.click(`${BOX} form[data-form="task-figures"] button[data-action="verify"]`);
    expect((await verified).status()).toBe(200);
    await page.waitForSelector(`${BOX} [data-testid="task-detail"][data-task-id="${first}"][data-state="verified"]`);
    await page.waitForSelector(`${BOX} [data-testid="task-list"] li[data-task-id="${first}"][data-state="verified"]`);
    expect(await taskRow(first)).toMatchObject({ state: 'verified', figures: FIGURES, verified_by: 'chief' });
    await idle();
    const states = await page.evaluate((id) => window.gridwatch.map.queryRenderedFeatures({ layers: ['verification-task-fill'] })
      .filter((f) => f.properties.id === id).map((f) => f.properties.state), first);
    expect(states[0]).toBe('verified');
    // A re-check back to the chief, who verified it, is refused by the server (409), and the panel says why.
    await page.fill(`${BOX} form[data-form="task-recheck"] textarea[name="reason"]`, '倒塌数存疑');
    const { rows: [me] } = await server.db.pool.query(`select person_id::int as id, p.name from app_user u join person p on p.id = u.person_id where username = 'chief'`);
    await page.fill(`${BOX} form[data-form="task-recheck"] input[name="person_search"]`, me.name);
    await page.click(`${BOX} form[data-form="task-recheck"] [data-testid="person-options"] button[data-person-id="${me.id}"]`);
    await page.click(`${BOX} form[data-form="task-recheck"] button[data-action="recheck"]`);
    await page.waitForSelector(`${BOX} [data-testid="task-message"][data-kind="error"][data-status="409"][data-code="same_verifier"]`);
    expect((await taskRow(first)).state).toBe('verified');
    await page.screenshot({ path: `${ARTIFACTS}disasters-task.png` });
  });
});

describe('a field team on a phone', () => {
  it('finds its task, sees its households numbered on the map, records figures and verifies it', async () => {
    const second = taskIds[1];
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    phone.on('pageerror', (e) => errors.push(e.message));
    await phone.goto(server.baseUrl);
    await phone.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
    await phone.fill('#sign-in input[name="username"]', 'worker');
    await phone.fill('#sign-in input[name="password"]', 'gridwatch');
    await phone.click('#sign-in button[type="submit"]');
    await phone.waitForSelector('body[data-session="signed-in"]');
    await phone.click('#emergency-button');
    await phone.waitForSelector(`${PANEL}[data-tab="mine"][data-layout="compact"]`);
    const mine = `${PANEL} [data-tab-box="mine"]`;
    await phone.waitForSelector(`${mine}[data-state="ready"]`);
    expect(await phone.$$eval(`${mine} [data-testid="my-tasks"] li[data-task-id]`, (lis) => lis.map((li) => Number((li as HTMLElement).dataset.taskId))))
      .toEqual([second]);
    await phone.click(`${mine} [data-testid="my-tasks"] li[data-task-id="${second}"] button[data-action="open"]`);
    await phone.waitForSelector(`${mine} [data-testid="task-detail"][data-task-id="${second}"]`);
    // The map (the upper part of the screen) shows the task's households, numbered 1, 2, … in visiting order.
    await idle(phone);
    const numbers = await phone.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['task-household-circle'] })
      .map((f) => Number(f.properties.visit)));
    const detail = await api(`/api/disasters/${disasterId}/tasks/${second}`);
    expect(new Set(numbers)).toEqual(new Set(detail.properties.households.map((h: { visit: number }) => h.visit)));
    const mapBox = await phone.locator('#map').boundingBox();
    const panelBox = await phone.locator(PANEL).boundingBox();
    expect(mapBox!.height).toBeGreaterThan(300);
    expect(panelBox!.y).toBeGreaterThanOrEqual(mapBox!.y + mapBox!.height - 1);
    // No assigning on the phone: that is the managers' panel.
    expect(await phone.locator(`${mine} form[data-form="task-assign"]`).count()).toBe(0);

    await phone.screenshot({ path: `${ARTIFACTS}disasters-field-phone.png` });
    await phone.click(`${mine} form[data-form="task-figures"] button[data-action="start"]`);
    await phone.waitForSelector(`${mine} [data-testid="task-detail"][data-state="in_progress"]`);
    await fillFigures(phone, FIELD_FIGURES);
    await phone.click(`${mine} form[data-form="task-figures"] button[data-action="verify"]`);
    await phone.waitForSelector(`${mine} [data-testid="task-detail"][data-state="verified"]`);
    await phone.waitForSelector(`${mine} [data-testid="my-tasks"] li[data-task-id="${second}"][data-state="verified"]`);
    expect(await taskRow(second)).toMatchObject({ state: 'verified', figures: FIELD_FIGURES, verified_by: 'worker' });
    await context.close();
  }, 90_000);
});

describe('the initial report', () => {
  it('is produced from the figures so far, listed with its time, and prints', async () => {
    const produced = answer('POST', /^\/api\/disasters\/\d+\/reports$/);
    await page.click(`${BOX} button[data-report="initial"]`);
    expect((await produced).status()).toBe(201);
    const item = `${BOX} [data-testid="report-list"] li[data-kind="initial"]`;
    await page.waitForSelector(item);
    const { rows: [kept] } = await server.db.pool.query(`select id::int, produced_by from disaster_report where disaster_id = $1 and kind = 'initial'`, [disasterId]);
    expect(kept.produced_by).toBe('chief');
    expect(await page.getAttribute(item, 'data-report-id')).toBe(String(kept.id));
    expect(await page.getAttribute(`${item} a[data-format="csv"]`, 'href')).toBe(`/api/disasters/${disasterId}/reports/${kept.id}?format=csv`);
    expect(await page.getAttribute(`${item} a[data-format="xlsx"]`, 'href')).toBe(`/api/disasters/${disasterId}/reports/${kept.id}?format=xlsx`);
    // A second initial report is refused, and the panel says so.
    await page.click(`${BOX} button[data-report="initial"]`);
    await page.waitForSelector(`${BOX} [data-testid="disaster-message"][data-kind="error"][data-status="409"]`);

    const [printPage] = await Promise.all([chiefContext.waitForEvent('page'), page.click(`${item} a[data-format="html"]`)]);
    await printPage.waitForLoadState();
    const text = await printPage.textContent('body');
    expect(text).toContain('滑坡灾情初报');
    // The total row: both verified tasks' figures added up.
    const total = await printPage.$$eval('tr.township', (trs) => [...trs.at(-1)!.querySelectorAll('td')].map((td) => td.textContent));
    expect(total[0]).toBe('合计');
    expect(total.slice(-7).map(Number)).toEqual(Object.keys(FIGURES).map((k) => FIGURES[k as keyof typeof FIGURES] + FIELD_FIGURES[k as keyof typeof FIGURES]));
    await printPage.close();
  });

  it('loaded nothing from outside and threw no page errors', () => {
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
