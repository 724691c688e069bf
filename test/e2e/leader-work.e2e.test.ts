// A township grid leader's month on the map, in real headless Chromium against the real server and PostGIS: they
// register a risk point by clicking inside their township, raise its level, and retire it; record a visit to an
// inspection duty that is behind and see it catch up; and preview, keep, minute and follow up the monthly risk brief.
// Every step is checked in the page and in the database.
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mapIdle, signInOnMap } from '../support/browser.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const TOWNSHIP = '532327101';
const PANEL = '#feature-panel';
const ADD = '#risk-point-add';
const INSPECTIONS = '#inspections';
const BRIEFINGS = '#briefings';
const NAME = '永定镇测试老旧房屋';

let server: TestServer;
/** One connection held for the whole file, so no other run's setup drops this clone meanwhile (as hazards.e2e does). */
let hold: { release(): void } | undefined;
let browser: Browser;
let page: Page;
let cookie: string;
const errors: string[] = [];
/** A point inside a grid of the leader's township, and the grid. */
let spot: { lon: number; lat: number; grid: string };
let riskPointId: number;
let briefingId: number;

const month = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

beforeAll(async () => {
  server = await startTestServer({ clientDir: CLIENT_DIR });
  hold = await server.db.pool.connect();
  cookie = await signIn(server.baseUrl, 'leader');
  // A grid of the township away from its edge, and the point its surface surely holds.
  const { rows } = await server.db.pool.query(
    `select g.code as grid, st_x(p) as lon, st_y(p) as lat from grid g, st_pointonsurface(g.geom) p
     where g.code like $1 || '%' and g.retired_at is null order by st_area(g.geom) desc limit 1`, [TOWNSHIP]);
  spot = rows[0];
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await signInOnMap(page, server.baseUrl, 'leader');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  hold?.release();
  await server?.close();
});

const idle = () => mapIdle(page);

const answer = (method: string, path: RegExp) => page.waitForResponse((r: Response) =>
  r.request().method() === method && path.test(new URL(r.url()).pathname), { timeout: 20_000 });

const api = async (path: string) => {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.json();
};

const riskPointRow = async () => (await server.db.pool.query(
  `select r.kind, r.level, r.name, r.inspection_interval_days, r.retired_at, r.updated_by, g.code as grid,
          st_x(r.geom) as lon, st_y(r.geom) as lat
   from risk_point r join grid g on g.id = r.grid_id where r.id = $1`, [riskPointId])).rows[0];

/** Whether the map draws the risk point, and with which level (its tile's). */
const drawnLevel = (id: number) => page.evaluate((want) => {
  const f = window.gridwatch.map.queryRenderedFeatures({ layers: ['risk-point-circle'] }).find((x) => x.id === want);
  return f ? String(f.properties.level) : null;
}, id);

const waitForDrawn = (id: number, level: string | null) => page.waitForFunction(([want, lvl]) => {
  const f = window.gridwatch.map.queryRenderedFeatures({ layers: ['risk-point-circle'] }).find((x) => x.id === want);
  return lvl === null ? !f : f?.properties.level === lvl;
}, [id, level] as const, { timeout: 20_000 });

describe('a grid leader\'s risk register', () => {
  it('registers a risk point by clicking the map inside the township', async () => {
    expect(await page.textContent('#risk-point-add-button')).toBe('登记风险点');
    await page.evaluate(([lon, lat]) => window.gridwatch.map.jumpTo({ center: [lon, lat], zoom: 17 }), [spot.lon, spot.lat]);
    await idle();
    await page.click('#risk-point-add-button');
    await page.waitForSelector(`${ADD}:not([hidden])[data-point="none"]`);
    expect(await page.isDisabled(`${ADD} button[type="submit"]`)).toBe(true);

    const at = await page.evaluate(([lon, lat]) => window.gridwatch.map.project([lon, lat]), [spot.lon, spot.lat]);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector(`${ADD}[data-point="set"]`);
    // The click put the point; it opened no panel for whatever lies under it.
    expect(await page.isHidden(PANEL)).toBe(true);
    const kinds = await page.$$eval(`${ADD} select[name="kind"] option`, (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(kinds).toEqual(['', 'old_house', 'slope', 'crowded_place', 'enterprise', 'project', 'ebike_charging', 'school',
      'gas_station', 'reservoir', 'other']);
    await page.fill(`${ADD} input[name="name"]`, NAME);
    await page.selectOption(`${ADD} select[name="kind"]`, 'old_house');
    await page.selectOption(`${ADD} select[name="level"]`, 'medium');
    // The interval left empty takes the level's default, and the form says which.
    expect(await page.getAttribute(`${ADD} input[name="inspection_interval_days"]`, 'placeholder')).toBe('30');

    const created = answer('POST', /^\/api\/risk-points$/);
    await page.click(`${ADD} button[type="submit"]`);
    expect((await created).status()).toBe(201);
    riskPointId = Number((await (await created).json()).id);
    await page.waitForSelector(`${PANEL}[data-layer="risk_point"][data-feature-id="${riskPointId}"][data-state="ready"]`);
    expect(await page.isHidden(ADD)).toBe(true);
    expect(await page.getAttribute(`${PANEL} [data-testid="risk-point-message"]`, 'data-kind')).toBe('success');
    expect(await page.getAttribute(`${PANEL} [data-field="level"]`, 'data-value')).toBe('medium');
    expect(await page.getAttribute(`${PANEL} [data-field="grid"]`, 'data-value')).toBe(spot.grid);

    const row = await riskPointRow();
    expect(row).toMatchObject({ kind: 'old_house', level: 'medium', name: NAME, inspection_interval_days: 30, retired_at: null,
      grid: spot.grid, updated_by: 'leader' });
    // Where the click was, within a pixel at z17 (about 1 m).
    expect(Math.abs(row.lon - spot.lon)).toBeLessThan(2e-5);
    expect(Math.abs(row.lat - spot.lat)).toBeLessThan(2e-5);
    // The tiles were refreshed: the new point is drawn.
    await waitForDrawn(riskPointId, 'medium');
  });

  it('raises its level from the panel; the interval follows the level', async () => {
    await page.click(`${PANEL} [data-testid="risk-point-actions"] button[data-action="edit"]`);
    const form = `${PANEL} form[data-form="risk-point-edit"]`;
    await page.waitForSelector(form);
    expect(await page.inputValue(`${form} input[name="name"]`)).toBe(NAME);
    await page.selectOption(`${form} select[name="level"]`, 'major');
    expect(await page.inputValue(`${form} input[name="inspection_interval_days"]`)).toBe('7');
    const saved = answer('PUT', new RegExp(`^/api/risk-points/${riskPointId}$`));
    await page.click(`${form} button[type="submit"]`);
    expect((await saved).status()).toBe(200);
    await page.waitForSelector(`${PANEL} [data-field="level"][data-value="major"]`);
    expect(await page.getAttribute(`${PANEL} [data-field="inspection_interval_days"]`, 'data-value')).toBe('7');
    expect(await riskPointRow()).toMatchObject({ level: 'major', inspection_interval_days: 7, name: NAME, kind: 'old_house' });
    await waitForDrawn(riskPointId, 'major');
  });

  it('retires it after a confirmation; the record stays, the map lets it go', async () => {
    await page.click(`${PANEL} button[data-action="retire"]`);
    await page.waitForSelector(`${PANEL} [data-testid="risk-point-retire-confirm"]`);
    // Nothing happens before the confirmation.
    expect((await riskPointRow()).retired_at).toBeNull();
    const retired = answer('DELETE', new RegExp(`^/api/risk-points/${riskPointId}$`));
    await page.click(`${PANEL} button[data-action="confirm-retire"]`);
    expect((await retired).status()).toBe(200);
    await page.waitForSelector(`${PANEL} [data-testid="risk-point-message"][data-kind="success"]`);
    expect(await page.$(`${PANEL} button[data-action="edit"]`)).toBeNull();
    const row = await riskPointRow();
    expect(row.retired_at).toBeInstanceOf(Date);
    expect(row.level).toBe('major');
    await waitForDrawn(riskPointId, null);
    expect(await drawnLevel(riskPointId)).toBeNull();
    await page.click(`${PANEL} .panel-close`);
  });
});

describe('a grid leader\'s inspections (明查暗访)', () => {
  let duty: { id: number; kind: string; code: string };

  it('lists the township\'s duties for this month with who is behind', async () => {
    expect(await page.textContent('#inspections-button')).toBe('明查暗访');
    await page.click('#inspections-button');
    await page.waitForSelector(`${INSPECTIONS}:not([hidden])[data-state="ready"]`, { timeout: 20_000 });
    expect(await page.inputValue(`${INSPECTIONS} input[name="month"]`)).toBe(month());
    const expected = await api(`/api/inspections?month=${month()}`);
    expect(expected.behind).toBeGreaterThan(0);
    expect(Number(await page.getAttribute(INSPECTIONS, 'data-duties'))).toBe(expected.duties);
    expect(Number(await page.getAttribute(INSPECTIONS, 'data-behind'))).toBe(expected.behind);
    const rows = await page.$$eval(`${INSPECTIONS} [data-testid="inspection-duties"] tbody tr[data-duty-id]`, (trs) =>
      trs.map((tr) => ({ id: Number(tr.getAttribute('data-duty-id')), behind: tr.getAttribute('data-behind'), own: tr.getAttribute('data-own'),
        kind: tr.getAttribute('data-target-kind')!, code: tr.getAttribute('data-target-code')!, record: !!tr.querySelector('button[data-action="record"]') })));
    expect(rows).toHaveLength(expected.duties);
    // Only one's own duties can be recorded.
    expect(rows.every((r) => r.record === (r.own === 'true'))).toBe(true);
    const mine = rows.find((r) => r.own === 'true' && r.behind === 'true');
    expect(mine).toBeDefined();
    duty = { id: mine!.id, kind: mine!.kind, code: mine!.code };
  });

  it('records an unannounced visit to a duty that is behind, which then is not', async () => {
    const behindBefore = Number(await page.getAttribute(INSPECTIONS, 'data-behind'));
    await page.click(`${INSPECTIONS} tr[data-duty-id="${duty.id}"] button[data-action="record"]`);
    const form = `${INSPECTIONS} form[data-form="inspection-record"]`;
    await page.waitForSelector(form);
    await page.check(`${form} input[name="covert"]`);
    await page.fill(`${form} textarea[name="note"]`, '暗访：消防通道畅通');
    const recorded = answer('POST', /^\/api\/inspections$/);
    await page.click(`${form} button[type="submit"]`);
    expect((await recorded).status()).toBe(201);
    await page.waitForSelector(`${INSPECTIONS} tr[data-duty-id="${duty.id}"][data-behind="false"][data-visits="1"]`, { timeout: 20_000 });
    await page.waitForSelector(`${INSPECTIONS} [data-testid="inspections-message"][data-kind="success"]`);
    expect(Number(await page.getAttribute(INSPECTIONS, 'data-behind'))).toBe(behindBefore - 1);

    const { rows } = await server.db.pool.query(
      `select i.covert, i.note, i.recorded_by, i.at, d.target_kind, d.target_code from leader_inspection i
       join inspection_duty d on d.id = i.duty_id where i.duty_id = $1 and i.recorded_by <> 'seed'`, [duty.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ covert: true, note: '暗访：消防通道畅通', recorded_by: 'leader', target_kind: duty.kind, target_code: duty.code });
    expect(Math.abs(rows[0].at.getTime() - Date.now())).toBeLessThan(5 * 60_000);
  });
});

describe('a grid leader\'s monthly risk briefing (风险研判)', () => {
  it('previews the township\'s brief for this month with the API\'s figures', async () => {
    await page.click('#briefings-button');
    await page.waitForSelector(`${BRIEFINGS}:not([hidden])`);
    // One side panel at a time.
    expect(await page.isHidden(INSPECTIONS)).toBe(true);
    await page.waitForSelector(`${BRIEFINGS}[data-subject="unit:${TOWNSHIP}"]`, { timeout: 20_000 });
    expect(await page.inputValue(`${BRIEFINGS} input[name="month"]`)).toBe(month());
    await page.click(`${BRIEFINGS} button[data-action="preview"]`);
    await page.waitForSelector(`${BRIEFINGS} [data-testid="brief"][data-kind="preview"]`, { timeout: 30_000 });
    const expected = await api(`/api/briefings/preview?unit=${TOWNSHIP}&month=${month()}`);
    for (const f of ['found', 'closed', 'open', 'overdue', 'major_open', 'major_risk_points']) {
      expect(Number(await page.getAttribute(`${BRIEFINGS} [data-figure="${f}"]`, 'data-value')), f).toBe(expected.figures[f]);
    }
    const overdue = await page.$$eval(`${BRIEFINGS} [data-testid="brief-overdue"] tbody tr`, (trs) => trs.map((tr) => Number(tr.getAttribute('data-hazard-id'))));
    expect(overdue).toEqual(expected.overdue.map((h: { id: number }) => h.id));
    expect(await page.textContent(`${BRIEFINGS} [data-testid="brief"] h3`)).toContain('永定镇');
    // The six-month trend is an ECharts canvas.
    await page.waitForSelector(`${BRIEFINGS} [data-testid="brief-trend"] canvas`);
  });

  it('generates and keeps it, lists it and links its printable page', async () => {
    const generated = answer('POST', /^\/api\/briefings$/);
    await page.click(`${BRIEFINGS} button[data-action="generate"]`);
    expect((await generated).status()).toBe(201);
    briefingId = Number((await (await generated).json()).id);
    await page.waitForSelector(`${BRIEFINGS} [data-testid="brief"][data-kind="kept"][data-briefing-id="${briefingId}"]`);
    const item = `${BRIEFINGS} [data-testid="briefing-list"] li[data-briefing-id="${briefingId}"]`;
    await page.waitForSelector(`${item}[data-has-minutes="false"]`, { timeout: 20_000 });
    expect(await page.getAttribute(`${item} a[data-action="print"]`, 'href')).toBe(`/api/briefings/${briefingId}/print`);
    const { rows } = await server.db.pool.query(`select unit_code, to_char(month, 'YYYY-MM') as month, generated_by, minutes from briefing where id = $1`, [briefingId]);
    expect(rows[0]).toEqual({ unit_code: TOWNSHIP, month: month(), generated_by: 'leader', minutes: null });
  });

  it('records the minutes with a decision, which becomes a task, and marks the task done', async () => {
    const form = `${BRIEFINGS} form[data-form="minutes"]`;
    await page.fill(`${form} textarea[name="minutes"]`, '研判永定镇本月风险，重点整治老旧房屋。');
    await page.fill(`${form} [data-testid="decision"] input[name="title"]`, '排查辖区老旧房屋');
    await page.fill(`${form} [data-testid="decision"] input[name="assignee"]`, '何福萍');
    await page.fill(`${form} [data-testid="decision"] input[name="due"]`, '2099-12-31');
    const minuted = answer('POST', new RegExp(`^/api/briefings/${briefingId}/minutes$`));
    await page.click(`${form} button[type="submit"]`);
    expect((await minuted).status()).toBe(200);
    const task = `${BRIEFINGS} [data-testid="brief-tasks"] li[data-task-id]`;
    await page.waitForSelector(`${task}[data-status="open"]`);
    const taskId = Number(await page.getAttribute(task, 'data-task-id'));
    expect(await page.textContent(`${BRIEFINGS} [data-testid="brief-minutes"]`)).toBe('研判永定镇本月风险，重点整治老旧房屋。');
    const brief = (await server.db.pool.query(`select minutes, minutes_by from briefing where id = $1`, [briefingId])).rows[0];
    expect(brief).toEqual({ minutes: '研判永定镇本月风险，重点整治老旧房屋。', minutes_by: 'leader' });
    const taskRow = async () => (await server.db.pool.query(
      `select briefing_id, title, assignee, to_char(due, 'YYYY-MM-DD') as due, status from briefing_task where id = $1`, [taskId])).rows[0];
    expect(await taskRow()).toEqual({ briefing_id: briefingId, title: '排查辖区老旧房屋', assignee: '何福萍', due: '2099-12-31', status: 'open' });

    const patched = answer('PATCH', new RegExp(`^/api/briefings/tasks/${taskId}$`));
    await page.check(`${task}[data-task-id="${taskId}"] input[name="done"]`);
    expect((await patched).status()).toBe(200);
    await page.waitForSelector(`${task}[data-task-id="${taskId}"][data-status="done"]`);
    expect((await taskRow()).status).toBe('done');
    await page.waitForSelector(`${BRIEFINGS} [data-testid="briefing-list"] li[data-briefing-id="${briefingId}"][data-has-minutes="true"][data-open-tasks="0"]`,
      { timeout: 20_000 });
    expect(errors).toEqual([]);
  });
});
