// The hazard closed loop as the people in it use the map, in real headless Chromium against the real server and
// PostGIS, one browser context each: a grid worker reports a general hazard in their grid; a township leader opens it
// and assigns it with the five fixes; the worker rectifies it and cannot accept it; the leader, whose panel has gone
// stale meanwhile, is refused (409) and shown where it stands, then accepts it, which closes it. The database is
// checked after every step, and the county's figures must have moved: one more found, one more rectified.
import { mkdirSync } from 'node:fs';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mapIdle, type MapUser, openMapAs } from '../support/browser.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const PANEL = '#feature-panel';
const REPORT = '#hazard-report';
const FIGURES = '#hazard-figures';

type Person = MapUser;

interface Totals {
  found: number;
  rectified: number;
}

let server: TestServer;
/**
 * One connection held for the whole file: another test run's setup drops every clone nobody is connected to, and
 * the pools' connections close after ten idle seconds, which a slow step in the browser can outlast.
 */
let hold: { release(): void } | undefined;
let browser: Browser;
let worker: Person;
let leader: Person;
let chiefCookie: string;
/** A point surely inside the worker's grid, and the grid. */
let spot: { lon: number; lat: number; grid: string };
let countyBefore: Totals;
let leaderFiguresBefore: Totals;
let hazardId: number;
/** Where the hazard was put: the map click's position, which the server stored. */
let hazardAt: [number, number];

const person = (username: string): Promise<Person> => openMapAs(browser, server.baseUrl, username);

const api = async (cookie: string, path: string) => {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.json();
};

const countyTotals = async (): Promise<Totals> => {
  const { total } = await api(chiefCookie, '/api/stats/rectification?level=township');
  expect(total.code).toBe('532327');
  return { found: total.found, rectified: total.rectified };
};

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer({ clientDir: CLIENT_DIR });
  hold = await server.db.pool.connect();
  const workerCookie = await signIn(server.baseUrl, 'worker');
  chiefCookie = await signIn(server.baseUrl, 'chief');
  const session = await api(workerCookie, '/api/session');
  expect(session.jurisdiction).toMatch(/^532327101\d{8}$/);
  const { rows } = await server.db.pool.query(
    `select g.code as grid, st_x(p) as lon, st_y(p) as lat from grid g, st_pointonsurface(g.geom) p
     where g.code = $1 and g.retired_at is null`, [session.jurisdiction]);
  expect(rows).toHaveLength(1);
  spot = rows[0];
  countyBefore = await countyTotals();
  browser = await launchChromium();
  [worker, leader] = await Promise.all([person('worker'), person('leader')]);
});

afterAll(async () => {
  await browser?.close();
  hold?.release();
  await server?.close();
});

const idle = (page: Page) => mapIdle(page);

/** Centres the map on a position, close enough (0.6 m a pixel) that a click picks the one hazard meant. */
async function lookAt(page: Page, at: [number, number], zoom = 18) {
  await page.evaluate(([c, z]) => window.gridwatch.map.jumpTo({ center: c as [number, number], zoom: z as number }), [at, zoom] as const);
  await idle(page);
}

const pixel = (page: Page, at: [number, number]) => page.evaluate((p) => window.gridwatch.map.project(p), at);

/** Waits until the map draws the hazard, optionally only once its tile says it is closed. */
const waitForRenderedHazard = (page: Page, id: number, closed = false) =>
  page.waitForFunction(([want, mustBeClosed]) => window.gridwatch.map.queryRenderedFeatures({ layers: ['hazard-circle'] })
    .some((f) => f.id === want && (!mustBeClosed || typeof f.properties.closed_at === 'string')), [id, closed] as const,
  { timeout: 15_000 });

/** Clicks the hazard on the map and waits for its details (the API's answer, not only the tile's attributes). */
async function openHazard(page: Page, id: number) {
  await lookAt(page, hazardAt);
  await waitForRenderedHazard(page, id);
  const at = await pixel(page, hazardAt);
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector(`${PANEL}[data-layer="hazard"][data-feature-id="${id}"][data-state="ready"] [data-testid="hazard-actions"]`);
}

const statusShown = (page: Page, status: string) =>
  page.waitForSelector(`${PANEL}[data-feature-id="${hazardId}"] [data-field="status"][data-value="${status}"]`, { timeout: 15_000 });

const buttonsShown = (page: Page) =>
  page.$$eval(`${PANEL} [data-testid="hazard-actions"] button[data-action]`, (bs) => bs.map((b) => b.getAttribute('data-action')));

function transition(page: Page): Promise<Response> {
  return page.waitForResponse((r) => r.request().method() === 'POST' && /^\/api\/hazards\/\d+\/transitions$/.test(new URL(r.url()).pathname),
    { timeout: 15_000 });
}

const hazardRow = async () => (await server.db.pool.query(
  `select z.status, z.severity, z.category, z.description, z.found_by, z.five_fixes, z.rectified_by, z.closed_at, z.deadline,
          g.code as grid_code, p.name as reporter, st_x(z.geom) as lon, st_y(z.geom) as lat
   from hazard z join grid g on g.id = z.grid_id left join person p on p.id = z.reported_by where z.id = $1`, [hazardId])).rows[0];

const events = async () => (await server.db.pool.query(
  `select action, actor, note from hazard_event where hazard_id = $1 order by at, id`, [hazardId])).rows;

const figure = (page: Page, name: string) =>
  page.$eval(`${FIGURES} [data-figure="${name}"]`, (el) => Number(el.getAttribute('data-value')));

async function leaderFigures(): Promise<Totals> {
  await leader.page.waitForSelector(`${FIGURES}:not([hidden])[data-state="ready"]`);
  return { found: await figure(leader.page, 'found'), rectified: await figure(leader.page, 'rectified') };
}

describe('the hazard closed loop on the map', () => {
  it('shows the report button to everyone signed in, and the figures to leaders only', async () => {
    expect(await worker.page.isVisible('#hazard-report-button')).toBe(true);
    expect(await worker.page.textContent('#hazard-report-button')).toBe('上报隐患');
    expect(await worker.page.isHidden(FIGURES)).toBe(true);
    leaderFiguresBefore = await leaderFigures();
    // The leader's strip is their township's total, as the API tells it.
    const { total } = await api(await signIn(server.baseUrl, 'leader'), '/api/stats/rectification?level=township&unit=532327101');
    expect(leaderFiguresBefore).toEqual({ found: total.found, rectified: total.rectified });
    expect(await figure(leader.page, 'overdue')).toBe(total.overdue);
    expect(await figure(leader.page, 'major_open')).toBe(total.major_open);
    expect(await leader.page.textContent(`${FIGURES} [data-figure="rate"]`)).toContain('90%');
  });

  it('lets the worker report a general hazard by clicking a point in their grid', async () => {
    const { page } = worker;
    await lookAt(page, [spot.lon, spot.lat]);
    await page.click('#hazard-report-button');
    await page.waitForSelector(`${REPORT}:not([hidden])[data-point="none"]`);
    expect(await page.isDisabled(`${REPORT} button[type="submit"]`)).toBe(true);

    const at = await pixel(page, [spot.lon, spot.lat]);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector(`${REPORT}[data-point="set"]`);
    // The click put the spot; it did not open a panel for whatever lies under it.
    expect(await page.isHidden(PANEL)).toBe(true);
    await page.waitForFunction(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['hazard-draft-point'] }).length === 1);

    // Categories come grouped by industry; picking one preselects its usual severity.
    const groups = await page.$$eval(`${REPORT} select[name="category"] optgroup`, (gs) => gs.map((g) => g.getAttribute('label')));
    expect(groups).toContain('用电');
    await page.selectOption(`${REPORT} select[name="category"]`, 'extinguisher_expired');
    expect(await page.inputValue(`${REPORT} select[name="severity"]`)).toBe('minor');
    await page.selectOption(`${REPORT} select[name="category"]`, 'private_wiring');
    expect(await page.inputValue(`${REPORT} select[name="severity"]`)).toBe('general');
    await page.fill(`${REPORT} textarea[name="description"]`, '楼道内私拉电线给电动车充电');
    await page.screenshot({ path: `${ARTIFACTS}hazards-report-form.png` });

    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/hazards');
    await page.click(`${REPORT} button[type="submit"]`);
    expect((await answer).status()).toBe(201);
    hazardId = Number((await (await answer).json()).id);
    await page.waitForSelector(`${PANEL}[data-layer="hazard"][data-feature-id="${hazardId}"][data-state="ready"]`);
    expect(await page.isHidden(REPORT)).toBe(true);

    const row = await hazardRow();
    expect(row).toMatchObject({ status: 'reported', severity: 'general', category: 'private_wiring', found_by: 'worker',
      description: '楼道内私拉电线给电动车充电', grid_code: spot.grid, five_fixes: null, closed_at: null });
    hazardAt = [row.lon, row.lat];
    // Stored where it was clicked: within a pixel (0.6 m at z18) of the point aimed at.
    expect(Math.abs(row.lon - spot.lon)).toBeLessThan(1e-5);
    expect(Math.abs(row.lat - spot.lat)).toBeLessThan(1e-5);
    expect(await events()).toEqual([{ action: 'report', actor: 'worker', note: '楼道内私拉电线给电动车充电' }]);

    // The panel tells it as the API does, with the next steps; the refreshed tiles draw it.
    await statusShown(page, 'reported');
    expect(await page.textContent(`${PANEL} h2`)).toBe('私拉乱接电线');
    expect(await page.textContent(`${PANEL} [data-field="grid"] dd`)).toContain(spot.grid);
    expect(await page.textContent(`${PANEL} [data-field="reporter"] dd`)).toBe(row.reporter);
    expect(await page.textContent(`${PANEL} [data-field="escalation_level"] dd`)).toContain('网格员');
    expect(await page.getAttribute(`${PANEL} [data-field="deadline"]`, 'data-value')).toBe('on_time');
    expect(await page.$$eval(`${PANEL} [data-testid="hazard-events"] li`, (ls) => ls.map((l) => l.getAttribute('data-action')))).toEqual(['report']);
    // Assigning or rejecting is a leader's step: the worker is told what comes next, without buttons.
    expect(await buttonsShown(page)).toEqual([]);
    expect(await page.textContent(`${PANEL} [data-testid="others-act-hint"]`)).toContain('交办');
    await waitForRenderedHazard(page, hazardId);
    await page.screenshot({ path: `${ARTIFACTS}hazards-reported.png` });

    expect(await countyTotals()).toEqual({ found: countyBefore.found + 1, rectified: countyBefore.rectified });
  });

  it('lets the leader open it on the map and assign it with the five fixes', async () => {
    const { page } = leader;
    await openHazard(page, hazardId);
    await statusShown(page, 'reported');
    await page.click(`${PANEL} button[data-action="assign"]`);
    const form = `${PANEL} form[data-form="assign"]`;
    await page.waitForSelector(form);
    // Two days from now, to the minute, in the browser's own time zone.
    const deadline = await page.evaluate(() => {
      const d = new Date(Date.now() + 48 * 3600e3);
      d.setSeconds(0, 0);
      const pad = (n: number) => String(n).padStart(2, '0');
      return { local: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`, iso: d.toISOString() };
    });
    await page.fill(`${form} input[name="responsible"]`, '李建国');
    await page.fill(`${form} textarea[name="measures"]`, '拆除私拉电线，规范布线');
    await page.fill(`${form} input[name="deadline"]`, deadline.local);
    await page.fill(`${form} input[name="funds"]`, '户主自筹 200 元');
    await page.fill(`${form} input[name="acceptor"]`, '王丽');
    const figuresAsked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/stats/rectification');
    const answer = transition(page);
    await page.click(`${form} button[type="submit"]`);
    expect((await answer).status()).toBe(200);
    await statusShown(page, 'assigned');
    await page.waitForSelector(`${PANEL} [data-testid="hazard-message"][data-kind="success"]`);

    const row = await hazardRow();
    expect(row.status).toBe('assigned');
    expect(row.five_fixes).toEqual({ responsible: '李建国', measures: '拆除私拉电线，规范布线', deadline: deadline.iso,
      funds: '户主自筹 200 元', acceptor: '王丽' });
    expect(row.deadline.toISOString()).toBe(deadline.iso);
    expect((await events()).map((e) => [e.action, e.actor])).toEqual([['report', 'worker'], ['assign', 'leader']]);

    expect(await page.textContent(`${PANEL} [data-testid="five-fixes"] [data-field="responsible"] dd`)).toBe('李建国');
    expect(await page.textContent(`${PANEL} [data-testid="five-fixes"] [data-field="acceptor"] dd`)).toBe('王丽');
    expect(await buttonsShown(page)).toEqual(['start', 'rectify', 'reject']);
    // The figures are asked again after the step (nothing found or closed by it, so they stay).
    expect((await figuresAsked).status()).toBe(200);
    expect(await leaderFigures()).toEqual({ found: leaderFiguresBefore.found + 1, rectified: leaderFiguresBefore.rectified });
    await page.screenshot({ path: `${ARTIFACTS}hazards-assigned.png` });
  });

  it('lets the worker rectify it, but not accept it', async () => {
    const { page } = worker;
    // The worker's panel still shows it as reported: a click on the map asks again.
    await openHazard(page, hazardId);
    await statusShown(page, 'assigned');
    expect(await page.textContent(`${PANEL} [data-testid="five-fixes"] [data-field="measures"] dd`)).toBe('拆除私拉电线，规范布线');
    await page.fill(`${PANEL} [data-testid="hazard-actions"] textarea[name="note"]`, '已拆除私拉电线，重新布线');
    const answer = transition(page);
    await page.click(`${PANEL} button[data-action="rectify"]`);
    expect((await answer).status()).toBe(200);
    await statusShown(page, 'rectified');
    expect(await hazardRow()).toMatchObject({ status: 'rectified', rectified_by: 'worker', closed_at: null });
    expect((await events()).at(-1)).toEqual({ action: 'rectify', actor: 'worker', note: '已拆除私拉电线，重新布线' });

    // Whoever rectified may not accept (and a worker does not reject): no buttons, and the panel says why.
    expect(await buttonsShown(page)).toEqual([]);
    expect(await page.textContent(`${PANEL} [data-testid="others-act-hint"]`)).toContain('验收通过');
    expect(await page.textContent(`${PANEL} [data-testid="accept-self-hint"]`)).toContain('整改人以外');
    // Forced anyway (as a stale or tampered page would), the server refuses with 403 and says why.
    const refused = await page.evaluate(async (id) => {
      const res = await fetch(`/api/hazards/${id}/transitions`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'accept' }) });
      return { status: res.status, body: await res.json() as { error: string } };
    }, hazardId);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain('someone other than who rectified');
    expect((await hazardRow()).status).toBe('rectified');
    expect((await events()).map((e) => e.action)).toEqual(['report', 'assign', 'rectify']);
    await page.screenshot({ path: `${ARTIFACTS}hazards-worker-accept-refused.png` });
  });

  it('shows the leader a 409 from a stale panel, then lets them accept it, which closes it', async () => {
    const { page } = leader;
    // The leader's panel still says "assigned" and offers to start: the server answers 409 and the panel catches up.
    await statusShown(page, 'assigned');
    const stale = transition(page);
    await page.click(`${PANEL} button[data-action="start"]`);
    expect((await stale).status()).toBe(409);
    const message = await page.waitForSelector(`${PANEL} [data-testid="hazard-message"][data-kind="error"][data-status="409"]`);
    expect(await message.textContent()).toContain('已整改');
    await statusShown(page, 'rectified');
    expect((await events()).map((e) => e.action)).toEqual(['report', 'assign', 'rectify']);
    await page.screenshot({ path: `${ARTIFACTS}hazards-stale-409.png` });

    expect(await buttonsShown(page)).toEqual(['accept', 'reject']);
    await page.fill(`${PANEL} [data-testid="hazard-actions"] textarea[name="note"]`, '验收合格');
    const answer = transition(page);
    await page.click(`${PANEL} button[data-action="accept"]`);
    expect((await answer).status()).toBe(200);
    await statusShown(page, 'closed');

    const row = await hazardRow();
    expect(row.status).toBe('closed');
    expect(row.closed_at).toBeInstanceOf(Date);
    expect(await events()).toEqual([
      { action: 'report', actor: 'worker', note: '楼道内私拉电线给电动车充电' },
      { action: 'assign', actor: 'leader', note: expect.stringContaining('李建国') },
      { action: 'rectify', actor: 'worker', note: '已拆除私拉电线，重新布线' },
      { action: 'accept', actor: 'leader', note: '验收合格' },
    ]);
    expect(await page.$$eval(`${PANEL} [data-testid="hazard-events"] li`, (ls) => ls.map((l) => l.getAttribute('data-action'))))
      .toEqual(['report', 'assign', 'rectify', 'accept']);
    expect(await buttonsShown(page)).toEqual([]);
    expect(await page.textContent(`${PANEL} [data-testid="hazard-actions"]`)).toContain('已办结');

    // The county: one more found, one more rectified; the leader's strip and the map caught up.
    expect(await countyTotals()).toEqual({ found: countyBefore.found + 1, rectified: countyBefore.rectified + 1 });
    await page.waitForFunction(([sel, want]) => document.querySelector(`${sel} [data-figure="rectified"]`)?.getAttribute('data-value') === String(want),
      [FIGURES, leaderFiguresBefore.rectified + 1] as const, { timeout: 10_000 });
    expect(await leaderFigures()).toEqual({ found: leaderFiguresBefore.found + 1, rectified: leaderFiguresBefore.rectified + 1 });
    await waitForRenderedHazard(page, hazardId, true);
    await page.screenshot({ path: `${ARTIFACTS}hazards-closed.png` });
  });

  it('shows the closed hazard in English after the switch', async () => {
    const { page } = leader;
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    try {
      expect(await page.textContent(`${PANEL} [data-field="status"] dd`)).toBe('Closed');
      expect(await page.textContent(`${PANEL} h2`)).toBe('Private or improvised wiring');
      expect(await page.textContent(`${PANEL} [data-testid="hazard-events"]`)).toContain('Accepted');
      expect(await page.textContent(FIGURES)).toContain('Rectified');
      await page.screenshot({ path: `${ARTIFACTS}hazards-closed-en.png` });
    } finally {
      await page.click('#lang-switch');
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    }
  });

  it('flags an overdue hazard with its escalation level', async () => {
    const { page } = leader;
    // An overdue hazard of the township, at least 20 m from any other (so the click picks it).
    const { rows } = await server.db.pool.query(`
      select z.id::int, st_x(z.geom) as lon, st_y(z.geom) as lat, z.escalation_level
      from hazard z join grid g on g.id = z.grid_id
      where g.code like '532327101%' and z.status not in ('closed', 'rejected') and z.deadline < now()
        and not exists (select 1 from hazard o where o.id <> z.id and st_dwithin(o.geom::geography, z.geom::geography, 20))
      order by z.id limit 1`);
    expect(rows).toHaveLength(1);
    const overdue = rows[0];
    hazardAt = [overdue.lon, overdue.lat];
    await openHazard(page, overdue.id);
    expect(await page.getAttribute(`${PANEL} [data-field="deadline"]`, 'data-value')).toBe('overdue');
    expect(await page.textContent(`${PANEL} [data-field="deadline"] .badge`)).toBe('已逾期');
    const levels = ['网格员', '村民小组网格长', '村（社区）网格长', '乡镇网格长', '总网格长'];
    expect(await page.textContent(`${PANEL} [data-field="escalation_level"] dd`)).toContain(levels[overdue.escalation_level]);
    await page.screenshot({ path: `${ARTIFACTS}hazards-overdue.png` });
  });

  it('raised no errors in either page', () => {
    expect(worker.errors).toEqual([]);
    expect(leader.errors).toEqual([]);
  });
});
