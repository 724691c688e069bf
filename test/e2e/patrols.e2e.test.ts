// A grid worker's patrol track through the browser (issue 5, "done when" #1), in real headless Chromium against the
// real server and PostGIS: a GPX file recorded in GCJ-02, with one planted 300 km/h jump, is uploaded through the
// patrols panel's file input; the server converts and cleans it; the result says what cleaning removed and the
// playback shows the day. Checked in the database (the stored points back in WGS84, the jump gone) and in the page
// (the slider spans the track's times, the drawn track's point count follows the slider).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../../server/grids/crs.ts';
import { metresBetween } from '../../server/patrols/track-cleaning.ts';
import { launchChromium, openMapAs, type MapUser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { gpxOf, localDayBack, walk, workerAndGrid, zigZag, type Fix } from '../support/tracks.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const PANEL = '#patrols';
const PLAYBACK = `${PANEL} [data-testid="playback-view"]`;

let server: TestServer;
/** One connection held for the whole file, so no other run's setup drops this clone meanwhile. */
let hold: { release(): void } | undefined;
let browser: Browser;
let user: MapUser;
let page: Page;
let dir: string;
let own: Awaited<ReturnType<typeof workerAndGrid>>;
/** The walk as recorded (WGS84), without the jump; and the jump itself. */
let fixes: Fix[];
let jump: Fix;
/** A risk point planted 5 m beside a fix the walk passes, so playback has one to light. */
let passedPoint: { id: number; at: number };
const { day, nine } = localDayBack(0);

beforeAll(async () => {
  server = await startTestServer({ clientDir: CLIENT_DIR });
  hold = await server.db.pool.connect();
  own = await workerAndGrid(server.db.pool);
  expect(own.code).toBe('53232710100100101');
  // 20 m between fixes at walking pace: about 17 s apart. The jump sits between two fixes, 8 s after the first, as
  // far east as 300 km/h would carry it in those 8 s (about 670 m).
  fixes = walk(zigZag(own.bbox, 4), nine, 20);
  const at = 12;
  const dt = Math.floor((fixes[at + 1][2] - fixes[at][2]) / 2);
  expect(dt).toBeGreaterThan(1);
  const metres = (300 / 3.6) * dt;
  jump = [fixes[at][0] + metres / (111_320 * Math.cos((fixes[at][1] * Math.PI) / 180)), fixes[at][1], fixes[at][2] + dt];
  expect(metresBetween(fixes[at][0], fixes[at][1], jump[0], jump[1]) / dt * 3.6).toBeCloseTo(300, -1);
  const recorded = [...fixes.slice(0, at + 1), jump, ...fixes.slice(at + 1)]
    .map(([lon, lat, t]): Fix => [...wgs84ToGcj02([lon, lat]) as [number, number], t]);
  const near = fixes[30];
  const { rows: [rp] } = await server.db.pool.query(
    `insert into risk_point (county_code, kind, level, name, grid_id, inspection_interval_days, geom)
     values ('532327', 'other', 'high', '回放测试点', $1, 14, st_setsrid(st_point($2, $3), 4326)) returning id`,
    [own.gridId, near[0], near[1] + 5 / 111_320]);
  passedPoint = { id: Number(rp.id), at: near[2] };
  dir = mkdtempSync(join(tmpdir(), 'gridwatch-gpx-'));
  writeFileSync(join(dir, 'patrol-gcj02.gpx'), gpxOf(recorded));
  browser = await launchChromium();
  user = await openMapAs(browser, server.baseUrl, 'worker', { width: 1400, height: 900 });
  page = user.page;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  hold?.release();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const todaysPatrols = async () => (await server.db.pool.query(
  `select t.id, t.grid_id, st_npoints(t.track)::int as points,
          (select json_agg(json_build_array(st_x(d.geom), st_y(d.geom), st_m(d.geom)) order by d.path) from st_dumppoints(t.track) d) as fixes
   from patrol t where t.worker_id = $1 and t.started_at >= $2::date::timestamp at time zone 'Asia/Shanghai'
   order by t.started_at`, [own.personId, day])).rows as { id: number; grid_id: number; points: number; fixes: Fix[] }[];

const playback = async () => page.$eval(PLAYBACK, (el) => ({ ...(el as HTMLElement).dataset }));

describe('a grid worker uploads a GCJ-02 GPX track and plays it back', () => {
  it('opens the patrols panel on the worker\'s coverage', async () => {
    expect(await todaysPatrols()).toHaveLength(0);
    await page.click('#patrols-button');
    await page.waitForSelector(`${PANEL} [data-testid="coverage-view"][data-state="ready"]`, { timeout: 30_000 });
    // A worker sees their own grid.
    expect(await page.getAttribute(`${PANEL} [data-testid="coverage-view"]`, 'data-grids')).toBe('1');
    expect(await page.getAttribute(`${PANEL} [data-testid="coverage-worst"] tr[data-grid-id]`, 'data-grid-id')).toBe(String(own.gridId));
  });

  it('uploads the file in GCJ-02; cleaning removes the jump, and only it', async () => {
    await page.click(`${PANEL} button[data-tab="playback"]`);
    const form = `${PANEL} form[data-form="track-upload"]`;
    await page.selectOption(`${form} select[name="crs"]`, 'gcj02');
    await page.setInputFiles(`${form} input[name="track"]`, join(dir, 'patrol-gcj02.gpx'));
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/patrols');
    await page.click(`${form} button[type="submit"]`);
    const res = await posted;
    expect(res.status()).toBe(201);
    expect(new URL(res.url()).searchParams.get('crs')).toBe('gcj02');
    expect(res.request().headers()['content-type']).toBe('application/gpx+xml');
    const result = `${form} [data-testid="upload-result"]`;
    await page.waitForSelector(`${result}[data-kind="success"]`);
    expect(await page.$eval(result, (el) => ({ ...(el as HTMLElement).dataset }))).toMatchObject({
      patrols: '1', speed: '1', duplicates: '0', outside: '0', shortPieces: '0',
    });
    expect(await page.textContent(result)).toContain('速度异常 1 个');
  });

  it('stores the walk in WGS84 within a metre of the original fixes, without the jump', async () => {
    const rows = await todaysPatrols();
    expect(rows).toHaveLength(1);
    const [patrol] = rows;
    expect(patrol.grid_id).toBe(own.gridId);
    expect(patrol.points).toBe(fixes.length);
    const worst = Math.max(...patrol.fixes.map((f, i) => metresBetween(f[0], f[1], fixes[i][0], fixes[i][1])));
    expect(worst).toBeLessThan(1);
    expect(patrol.fixes.map((f) => f[2])).toEqual(fixes.map((f) => f[2]));
    // The jump's time and place are nowhere in the track.
    expect(patrol.fixes.some((f) => f[2] === jump[2])).toBe(false);
    const nearest = Math.min(...patrol.fixes.map((f) => metresBetween(f[0], f[1], jump[0], jump[1])));
    expect(nearest).toBeGreaterThan(500);
  });

  it('opens the playback of that day: the slider spans the track\'s times and the drawing follows it', async () => {
    await page.waitForSelector(`${PLAYBACK}[data-state="ready"]`, { timeout: 30_000 });
    const first = fixes[0][2];
    const last = fixes[fixes.length - 1][2];
    expect(await playback()).toMatchObject({
      worker: String(own.personId), day, start: String(first), end: String(last), points: String(fixes.length),
    });
    const slider = `${PLAYBACK} input[name="time"]`;
    expect(await page.$eval(slider, (el) => [(el as HTMLInputElement).min, (el as HTMLInputElement).max])).toEqual([String(first), String(last)]);

    // By keyboard: Home is the first fix, each arrow 30 s on, End the whole day.
    await page.focus(slider);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const walked = fixes.filter((f) => f[2] <= first + 60).length;
    expect(walked).toBeGreaterThan(1);
    expect(walked).toBeLessThan(fixes.length);
    expect(await playback()).toMatchObject({ current: String(first + 60), drawn: String(walked) });
    const drawn = () => page.evaluate(() => {
      const overlay = window.gridwatch.patrols.panel?.playback.overlay;
      return overlay && { fixes: overlay.drawn.fixes, here: overlay.drawn.here };
    });
    const mid = await drawn();
    expect(mid?.fixes).toBe(walked);
    // The marker is where the worker was then, between two fixes.
    expect(mid?.here).not.toBeNull();

    // Not yet at the planted risk point: listed, not lit.
    const visit = `${PLAYBACK} [data-testid="playback-visits"] li[data-risk-point-id="${passedPoint.id}"]`;
    expect(await page.getAttribute(visit, 'data-passed')).toBe('false');
    expect(await page.textContent(visit)).toContain('回放测试点');

    await page.keyboard.press('End');
    expect(await playback()).toMatchObject({ current: String(last), drawn: String(fixes.length) });
    expect(await page.getAttribute(visit, 'data-passed')).toBe('true');
    const lit = await page.evaluate(() => window.gridwatch.patrols.panel?.playback.overlay?.drawn.passed);
    expect(lit).toBeGreaterThanOrEqual(1);
    const end = await drawn();
    expect(end?.fixes).toBe(fixes.length);
    expect(metresBetween(end!.here![0], end!.here![1], fixes[fixes.length - 1][0], fixes[fixes.length - 1][1])).toBeLessThan(1);
    // deck.gl drew it: its canvas is over the map.
    await page.evaluate(() => window.gridwatch.patrols.panel?.playback.overlay?.frame());
    expect(await page.$$eval('#map canvas', (c) => c.length)).toBeGreaterThanOrEqual(2);
  });

  it('plays and pauses', async () => {
    const play = `${PLAYBACK} button[data-action="play"]`;
    await page.selectOption(`${PLAYBACK} select[name="speed"]`, '300');
    await page.focus(`${PLAYBACK} input[name="time"]`);
    await page.keyboard.press('Home');
    const first = fixes[0][2];
    await page.click(play);
    expect(await page.getAttribute(play, 'aria-pressed')).toBe('true');
    await page.waitForFunction(([sel, t0]) => Number(document.querySelector<HTMLElement>(sel)!.dataset.current) > t0 + 60,
      [PLAYBACK, first] as const, { timeout: 10_000 });
    await page.click(play);
    expect(await page.getAttribute(play, 'aria-pressed')).toBe('false');
    const paused = Number((await playback()).current);
    await page.waitForTimeout(300);
    expect(Number((await playback()).current)).toBe(paused);
    expect(Number((await playback()).drawn)).toBe(fixes.filter((f) => f[2] <= paused).length);
    expect(user.errors).toEqual([]);
  });
});

describe('a township leader\'s coverage map', () => {
  let leader: MapUser;
  const VIEW = `${PANEL} [data-testid="coverage-view"]`;
  const api = async (path: string) => {
    const res = await leader.context.request.get(`${server.baseUrl}${path}`);
    expect(res.status()).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    leader = await openMapAs(browser, server.baseUrl, 'leader', { width: 1400, height: 900 });
  }, 60_000);

  it('colours each grid by its coverage and rings the overdue risk points', async () => {
    const p = leader.page;
    await p.click('#patrols-button');
    await p.waitForSelector(`${VIEW}[data-state="ready"]`, { timeout: 30_000 });
    const to = await p.inputValue(`${VIEW} input[name="to"]`);
    const from = await p.inputValue(`${VIEW} input[name="from"]`);
    expect(to).toBe(day);
    const body = await api(`/api/coverage/patrols?unit=532327101&from=${from}&to=${to}`);
    expect(body.grids.length).toBeGreaterThan(10);
    expect(await p.getAttribute(VIEW, 'data-grids')).toBe(String(body.grids.length));
    expect(await p.getAttribute(VIEW, 'data-overdue')).toBe(String(body.overdue_risk_points.length));
    // The worst-covered row comes first, and the map holds every grid's coverage as its feature-state.
    const worst = [...body.grids].sort((a, b) => a.coverage_pct - b.coverage_pct)[0];
    expect(Number(await p.getAttribute(`${VIEW} [data-testid="coverage-worst"] tr[data-grid-id]`, 'data-coverage'))).toBe(worst.coverage_pct);
    const states = await p.evaluate((ids: number[]) => ids.map((id) => window.gridwatch.map.getFeatureState({ source: 'grid', sourceLayer: 'grid', id })),
      body.grids.map((g: { grid_id: number }) => g.grid_id));
    expect(states.map((s: { coverage?: number }) => s.coverage)).toEqual(body.grids.map((g: { coverage_pct: number }) => g.coverage_pct));
    // Drawn: the township's grids are filled by the choropleth layer.
    await p.evaluate(() => new Promise<void>((resolve) => {
      window.gridwatch.map.once('idle', () => resolve());
      window.gridwatch.map.triggerRepaint();
    }));
    const filled = await p.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['coverage-fill'] })
      .filter((f) => typeof f.state.coverage === 'number').length);
    expect(filled).toBeGreaterThan(0);
    if (body.overdue_risk_points.length) {
      const id = body.overdue_risk_points[0].id;
      expect(await p.evaluate((rid) => window.gridwatch.map.getFeatureState({ source: 'risk_point', sourceLayer: 'risk_point', id: rid }), id))
        .toEqual({ overdue: true });
      expect(await p.$$(`${VIEW} [data-testid="coverage-overdue"] li[data-risk-point-id]`)).toHaveLength(Math.min(50, body.overdue_risk_points.length));
    }
  });

  it('hatches the gaps of the last 7 days and lists the unpatrolled grids, with a loading state meanwhile', async () => {
    const p = leader.page;
    const started = Date.now();
    await p.check(`${VIEW} input[name="gaps"]`);
    // The county-wide query takes seconds: the panel says it is working meanwhile.
    expect(await p.getAttribute(VIEW, 'data-gaps')).toBe('loading');
    expect(await p.textContent(VIEW)).toContain('正在计算盲区');
    await p.waitForSelector(`${VIEW}[data-gaps="ready"]`, { timeout: 60_000 });
    const waited = Date.now() - started;
    const body = await api('/api/coverage/gaps?unit=532327101&days=7');
    expect(await p.getAttribute(VIEW, 'data-unpatrolled')).toBe(String(body.unpatrolled.length));
    expect(await p.$$(`${VIEW} [data-testid="coverage-unpatrolled"] li[data-grid-id]`)).toHaveLength(Math.min(50, body.unpatrolled.length));
    expect(body.gaps.features.length).toBeGreaterThan(0);
    // Hatched with the pattern made at run time, and drawn where the map looks.
    await p.evaluate(() => window.gridwatch.map.fitBounds([[101.57, 25.91], [101.84, 26.13]], { duration: 0 }));
    await p.evaluate(() => new Promise<void>((resolve) => {
      window.gridwatch.map.once('idle', () => resolve());
      window.gridwatch.map.triggerRepaint();
    }));
    const drawn = await p.evaluate(() => {
      const map = window.gridwatch.map;
      return {
        pattern: map.getPaintProperty('coverage-gap-fill', 'fill-pattern'),
        image: map.hasImage('coverage-gap-hatch'),
        rendered: map.queryRenderedFeatures({ layers: ['coverage-gap-fill'] }).length > 0,
      };
    });
    expect(drawn).toEqual({ pattern: 'coverage-gap-hatch', image: true, rendered: true });
    console.log(`gaps for the township, 7 days: ${waited} ms in the page, ${body.gaps.features.length} grids' gaps, ${body.unpatrolled.length} unpatrolled`);
  });

  it('plays back a worker of the township picked by name, and would upload for them', async () => {
    const p = leader.page;
    await p.click(`${PANEL} button[data-tab="playback"]`);
    const { rows: [w] } = await server.db.pool.query('select name from person where id = $1', [own.personId]);
    await p.fill(`${PLAYBACK} input[name="worker_search"]`, w.name);
    await p.press(`${PLAYBACK} input[name="worker_search"]`, 'Enter');
    await p.waitForSelector(`${PLAYBACK} select[name="worker"] option[value="${own.personId}"]`, { state: 'attached' });
    await p.selectOption(`${PLAYBACK} select[name="worker"]`, String(own.personId));
    await p.fill(`${PLAYBACK} input[name="day"]`, day);
    await p.dispatchEvent(`${PLAYBACK} input[name="day"]`, 'change');
    await p.waitForSelector(`${PLAYBACK}[data-state="ready"][data-worker="${own.personId}"]`, { timeout: 30_000 });
    expect(await p.getAttribute(PLAYBACK, 'data-points')).toBe(String(fixes.length));
    expect(await p.textContent(`${PANEL} form[data-form="track-upload"]`)).toContain(`为所选网格员${w.name}上传`);
    expect(leader.errors).toEqual([]);
  });
});
