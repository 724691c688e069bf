// Planner mode as a planner uses it, in real headless Chromium against the real server and PostGIS: delete a grid,
// find the gap in the partition check, draw a grid into it (first overlapping a neighbour, which is shown before
// saving, then fixed), split it, merge the parts back, rename it and restore the old name from the history panel,
// meet another planner's change (409), and accept an auto-split of a group. The database is checked after every step.
import { mkdirSync } from 'node:fs';
import type { Polygon, Position } from 'geojson';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const EDITOR = '#grid-editor';

let server: TestServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

interface Target {
  id: number;
  code: string;
  group_code: string;
  area: number;
  geometry: Polygon;
}
let target: Target;
/** The largest grid id before this file added any. */
let seedMaxId: number;
/** Ids made along the way: the redrawn grid, its two halves, the merged grid. */
const made: { drawn?: number; halves?: number[]; merged?: number } = {};

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer({ clientDir: CLIENT_DIR });
  target = await pickTarget();
  seedMaxId = (await server.db.pool.query(`select max(id)::int as m from grid`)).rows[0].m;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.baseUrl);
  await page.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * A grid to delete and draw again. The API gives coordinates at 7 decimals, so the grid must stay valid at that
 * precision and its redrawn copy must overlap its group's grids, and leave the group, by crumbs only (under the
 * server's 1 m² tolerance). It must be convex enough for a straight line through it to make two halves, its corners
 * far enough apart to click one by one, and it must share edges with at least three grids of its group, one of
 * which the first draft is pushed into.
 */
async function pickTarget(): Promise<Target> {
  const { rows } = await server.db.pool.query(`
    with c as materialized (
      select g.id, g.code, g.group_code, g.geom, st_geomfromgeojson(st_asgeojson(g.geom, 7)) as r
      from grid g
      where g.retired_at is null and g.code like '532327101%' and st_numinteriorrings(g.geom) = 0
        and st_npoints(g.geom) between 5 and 9
        and st_area(g.geom::geography) between 40000 and 300000
        and st_area(st_convexhull(g.geom)) < 1.03 * st_area(g.geom)
    ), ok as materialized (
      select c.* from c
      where st_isvalid(c.r)
        and (select min(st_distance(st_pointn(st_exteriorring(c.geom), i)::geography,
                                    st_pointn(st_exteriorring(c.geom), i + 1)::geography))
             from generate_series(1, st_npoints(c.geom) - 1) i) > 60
    )
    select ok.id::int, ok.code, ok.group_code, st_area(ok.geom::geography) as area, st_asgeojson(ok.geom, 7)::json as geometry
    from ok
    where (select coalesce(sum(st_area(st_intersection(n.geom, ok.r)::geography)), 0) from grid n
           where n.group_code = ok.group_code and n.id <> ok.id and n.retired_at is null and n.geom && ok.r) < 0.4
      and (select st_area(st_difference(ok.r, u.geom)::geography) from admin_unit u where u.code = ok.group_code) < 0.4
      and (select count(*) from grid n
           where n.group_code = ok.group_code and n.id <> ok.id and n.retired_at is null
             and st_length(st_intersection(st_boundary(n.geom), st_boundary(ok.geom))::geography) > 50) >= 3
    order by ok.id limit 1`);
  expect(rows).toHaveLength(1);
  return rows[0];
}

const idle = () => page.evaluate(() => new Promise<void>((resolve) => {
  window.gridwatch.map.once('idle', () => resolve());
  window.gridwatch.map.triggerRepaint();
}));

/** Screen pixels of positions on the map as it is now. */
const project = (positions: Position[]) =>
  page.evaluate((ps) => ps.map((p) => window.gridwatch.map.project(p as [number, number])), positions);

/** Fits a geometry into the open part of the map: right of the layer list, left of the editor card. */
async function fit(geometry: Polygon) {
  const ring = geometry.coordinates[0];
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  await page.evaluate((b) => window.gridwatch.map.fitBounds(b as [number, number, number, number],
    { padding: { top: 120, bottom: 120, left: 300, right: 360 }, duration: 0 }),
  [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
  await idle();
}

const gridRow = async (id: number) => (await server.db.pool.query(
  `select id::int, code, name, group_code, version, retired_at, st_area(geom::geography) as area from grid where id = $1`, [id])).rows[0];

/** The grid the map draws at a pixel, once the refreshed tiles have it. */
async function waitForRenderedGrid(at: { x: number; y: number }, id: number) {
  await page.waitForFunction(([x, y, want]) => window.gridwatch.map.queryRenderedFeatures([x, y], { layers: ['grid-fill'] })
    .some((f) => f.id === want), [at.x, at.y, id] as const, { timeout: 15_000 });
}

const pointOnSurface = async (id: number): Promise<Position> => {
  const { rows } = await server.db.pool.query(`select st_x(p) as x, st_y(p) as y from grid, st_pointonsurface(geom) p where id = $1`, [id]);
  return [rows[0].x, rows[0].y];
};

function waitForApi(method: string, path: RegExp): Promise<Response> {
  return page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname), { timeout: 20_000 });
}

async function save(method: string, path: RegExp): Promise<Response> {
  const answer = waitForApi(method, path);
  await page.click(`${EDITOR} button[data-action="save"]:not([disabled])`);
  return answer;
}

describe('planner mode', () => {
  it('shows the grid editor to a planner once signed in', async () => {
    expect(await page.isHidden(EDITOR)).toBe(true);
    await page.fill('#sign-in input[name="username"]', 'planner');
    await page.fill('#sign-in input[name="password"]', 'gridwatch');
    await page.click('#sign-in button[type="submit"]');
    await page.waitForSelector(`${EDITOR}:not([hidden]) button[data-tool="draw"]`, { timeout: 15_000 });
    expect(await page.$$eval(`${EDITOR} button[data-tool]`, (bs) => bs.map((b) => b.getAttribute('data-tool'))))
      .toEqual(['draw', 'edit', 'split', 'merge', 'properties', 'delete', 'history', 'gaps', 'autoSplit']);
  });

  it('deletes a grid from the editor, leaving a gap', async () => {
    await fit(target.geometry);
    const [inside] = await project([await pointOnSurface(target.id)]);
    await page.mouse.click(inside.x, inside.y);
    await page.waitForSelector(`${EDITOR}[data-grid-id="${target.id}"]`);
    await page.click(`${EDITOR} button[data-tool="delete"]`);
    await page.fill(`${EDITOR} textarea[name="reason"]`, 'e2e：腾出缺口');
    const answer = await save('DELETE', new RegExp(`^/api/grids/${target.id}$`));
    expect(answer.status()).toBe(200);
    await page.waitForSelector(`${EDITOR} [data-testid="editor-message"][data-kind="success"]`);

    const row = await gridRow(target.id);
    expect(row.retired_at).not.toBeNull();
    const { rows: [last] } = await server.db.pool.query(
      `select action, reason, actor from grid_version where grid_id = $1 order by version desc limit 1`, [target.id]);
    expect(last).toEqual({ action: 'delete', reason: 'e2e：腾出缺口', actor: 'planner' });
  });

  it('lists the gap among the partition gaps and flies to it from the list', async () => {
    // Look from elsewhere first, so flying there is seen.
    await page.evaluate(() => window.gridwatch.map.jumpTo({ center: [101.5, 26.2], zoom: 11 }));
    await page.click(`${EDITOR} button[data-tool="gaps"]`);
    await page.fill(`${EDITOR} input[name="unit"]`, target.group_code);
    const answer = waitForApi('GET', /^\/api\/coverage\/partition-gaps$/);
    await page.click(`${EDITOR} button[data-action="check"]`);
    expect((await answer).status()).toBe(200);
    const item = `${EDITOR} [data-testid="gap-list"] button[data-part="gap"]`;
    await page.waitForSelector(item);
    const body = await (await answer).json();
    const gap = body.gaps.features.find((f: { properties: { area_m2: number } }) => Math.abs(f.properties.area_m2 / target.area - 1) < 0.01);
    expect(gap).toBeDefined();

    await page.click(item); // the largest first: the deleted grid's area
    await idle();
    const centre = await page.evaluate(() => window.gridwatch.map.getCenter().toArray());
    const ring = target.geometry.coordinates[0];
    expect(centre[0]).toBeGreaterThan(Math.min(...ring.map((p) => p[0])));
    expect(centre[0]).toBeLessThan(Math.max(...ring.map((p) => p[0])));
    expect(await page.evaluate(() => window.gridwatch.map.getZoom())).toBeGreaterThan(14);
    const hatched = await page.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['partition-gap-fill'] }).length);
    expect(hatched).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}grid-editor-gaps.png` });
    await page.click(`${EDITOR} button[data-action="cancel"]`); // closes the list; the gaps stay drawn
  });

  it('shows an overlap with a neighbour while drawing, before anything is saved', async () => {
    await fit(target.geometry);
    await page.click(`${EDITOR} button[data-tool="draw"]`);
    // The grids around the view, fetched for snapping and checking.
    await page.waitForSelector(`${EDITOR}[data-tool="draw"]:not([data-neighbours="0"])`);

    const ring = target.geometry.coordinates[0].slice(0, -1);
    const corners = await project(ring);
    const [centre] = await project([await pointOnSurface(target.id)]);
    // One corner is pushed out of the gap, into a grid of the same group and well away from any edge (no snapping).
    const pushed = await pushOut(corners, centre);
    const points = corners.map((c, i) => (i === pushed.index ? pushed.at : c));
    for (const p of points) await page.mouse.click(p.x, p.y);
    await page.mouse.click(points[0].x, points[0].y); // closes the ring
    await page.waitForSelector(`${EDITOR}[data-draft="finished"]`);

    await page.waitForSelector(`${EDITOR} [data-testid="editor-problems"] li[data-problem="overlap"]`);
    expect(await page.textContent(`${EDITOR} [data-testid="editor-problems"]`)).toContain(pushed.neighbourCode);
    expect(await page.isDisabled(`${EDITOR} button[data-action="save"]`)).toBe(true);
    await idle();
    const red = await page.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['editor-problem-fill'] }).length);
    expect(red).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}grid-editor-overlap.png` });
    // Nothing has been written.
    const { rows } = await server.db.pool.query(`select count(*)::int as n from grid where id > $1`, [seedMaxId]);
    expect(rows[0].n).toBe(0);

    // Fixed by dragging the corner back onto the gap's corner, where it snaps to the neighbours' shared vertex.
    const from = pushed.at;
    const to = corners[pushed.index];
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    await page.waitForSelector(`${EDITOR}[data-problems="0"]`);
    await page.waitForSelector(`${EDITOR} button[data-action="save"]:not([disabled])`);
  });

  it('saves the redrawn grid into the gap (201) with its kind, name and reason', async () => {
    await page.selectOption(`${EDITOR} select[name="kind"]`, 'residential');
    await page.fill(`${EDITOR} input[name="name"]`, 'e2e 补缺网格');
    await page.fill(`${EDITOR} textarea[name="reason"]`, '填补缺口');
    const answer = await save('POST', /^\/api\/grids$/);
    expect(answer.status()).toBe(201);
    const created = await answer.json();
    made.drawn = Number(created.id);
    await page.waitForSelector(`${EDITOR}[data-grid-id="${made.drawn}"] [data-testid="editor-message"][data-kind="success"]`);

    const row = await gridRow(made.drawn);
    expect(row.retired_at).toBeNull();
    expect(row.group_code).toBe(target.group_code);
    expect(row.name).toBe('e2e 补缺网格');
    expect(row.code).toMatch(new RegExp(`^${target.group_code}\\d{2}$`));
    // Snapped to the neighbours' corners, it fills the gap the deleted grid left.
    expect(row.area / target.area).toBeGreaterThan(0.99);
    expect(row.area / target.area).toBeLessThan(1.01);
    const { rows: [overlap] } = await server.db.pool.query(`
      select coalesce(sum(st_area(st_intersection(n.geom, g.geom)::geography)), 0) as m2
      from grid g join grid n on n.group_code = g.group_code and n.id <> g.id and n.retired_at is null and n.geom && g.geom
      where g.id = $1`, [made.drawn]);
    expect(overlap.m2).toBeLessThan(1);
    const { rows: [version] } = await server.db.pool.query(
      `select action, reason, actor from grid_version where grid_id = $1 and version = 1`, [made.drawn]);
    expect(version).toEqual({ action: 'create', reason: '填补缺口', actor: 'planner' });

    // The refreshed tiles draw it.
    const [inside] = await project([await pointOnSurface(made.drawn)]);
    await waitForRenderedGrid(inside, made.drawn);
    // The gaps shown are checked again after the save: the filled one is gone.
    await page.waitForFunction(([x, y]) => window.gridwatch.map.queryRenderedFeatures([x, y], { layers: ['partition-gap-fill'] })
      .length === 0, [inside.x, inside.y] as const, { timeout: 10_000 });
    await page.screenshot({ path: `${ARTIFACTS}grid-editor-saved.png` });
  });

  it('splits the new grid in two with a line drawn across it', async () => {
    const id = made.drawn!;
    await page.click(`${EDITOR} button[data-tool="split"]`);
    await page.waitForSelector(`${EDITOR}[data-tool="split"]`);
    const geometry = (await server.db.pool.query(`select st_asgeojson(geom, 7)::json as g from grid where id = $1`, [id])).rows[0].g;
    const pixels = await project(geometry.coordinates[0]);
    const [centre] = await project([await pointOnSurface(id)]);
    // A horizontal line through the middle, from a little left of the grid to a little right of it.
    const left = { x: Math.min(...pixels.map((p) => p.x)) - 25, y: centre.y };
    const right = { x: Math.max(...pixels.map((p) => p.x)) + 25, y: centre.y };
    await page.mouse.click(left.x, left.y);
    await page.mouse.click(right.x, right.y);
    await page.waitForTimeout(700); // not a double click, which would zoom
    await page.mouse.click(right.x, right.y); // the last point again finishes the line
    await page.waitForSelector(`${EDITOR}[data-draft="finished"][data-problems="0"]`);
    await page.fill(`${EDITOR} textarea[name="reason"]`, '按道路切分');
    const answer = await save('POST', new RegExp(`^/api/grids/${id}/split$`));
    expect(answer.status()).toBe(201);
    const { grids } = await answer.json();
    made.halves = grids.features.map((f: { id: number }) => Number(f.id));
    expect(made.halves).toHaveLength(2);
    await page.waitForSelector(`${EDITOR} [data-testid="editor-message"][data-kind="success"]`);

    expect((await gridRow(id)).retired_at).not.toBeNull();
    const halves = await Promise.all(made.halves!.map(gridRow));
    for (const h of halves) {
      expect(h.retired_at).toBeNull();
      expect(h.group_code).toBe(target.group_code);
    }
    const sum = halves.reduce((s, h) => s + h.area, 0);
    expect(sum / (await gridRow(id)).area).toBeGreaterThan(0.99);
    const { rows: lineage } = await server.db.pool.query(
      `select child_id::int from grid_lineage where parent_id = $1 and action = 'split' order by child_id`, [id]);
    expect(lineage.map((r) => r.child_id)).toEqual([...made.halves!].sort((a, b) => a - b));
  });

  it('merges the two halves back into one grid', async () => {
    const [a, b] = made.halves!;
    // The editor selected the first half after the split; picking a grid in idle mode selects it.
    const [insideA, insideB] = await project([await pointOnSurface(a), await pointOnSurface(b)]);
    await waitForRenderedGrid(insideA, a);
    await waitForRenderedGrid(insideB, b);
    await page.mouse.click(insideA.x, insideA.y);
    await page.waitForSelector(`${EDITOR}[data-grid-id="${a}"]`);
    await page.click(`${EDITOR} button[data-tool="merge"]`);
    await page.mouse.click(insideB.x, insideB.y);
    await page.waitForSelector(`${EDITOR} .editor-marked li[data-grid-id="${b}"]`);
    expect(await page.$$eval(`${EDITOR} .editor-marked li`, (lis) => lis.map((li) => Number(li.getAttribute('data-grid-id')))))
      .toEqual([a, b]);
    await page.fill(`${EDITOR} textarea[name="reason"]`, '恢复为一个网格');
    const answer = await save('POST', /^\/api\/grids\/merge$/);
    expect(answer.status()).toBe(201);
    made.merged = Number((await answer.json()).id);
    await page.waitForSelector(`${EDITOR}[data-grid-id="${made.merged}"] [data-testid="editor-message"][data-kind="success"]`);

    const merged = await gridRow(made.merged);
    expect(merged.retired_at).toBeNull();
    expect(merged.area / target.area).toBeGreaterThan(0.99);
    expect(merged.area / target.area).toBeLessThan(1.01);
    for (const half of [a, b]) expect((await gridRow(half)).retired_at).not.toBeNull();
    const { rows } = await server.db.pool.query(
      `select parent_id::int from grid_lineage where child_id = $1 and action = 'merge' order by parent_id`, [made.merged]);
    expect(rows.map((r) => r.parent_id)).toEqual([a, b].sort((x, y) => x - y));
  });

  it('restores an earlier version from the history panel', async () => {
    const id = made.merged!;
    const before = await gridRow(id);
    // A second version first: a new name.
    await page.click(`${EDITOR} button[data-tool="properties"]`);
    await page.fill(`${EDITOR} input[name="name"]`, 'e2e 改名');
    await page.fill(`${EDITOR} textarea[name="reason"]`, '试改名称');
    const renamed = await save('PUT', new RegExp(`^/api/grids/${id}$`));
    expect(renamed.status()).toBe(200);
    await page.waitForSelector(`${EDITOR}[data-grid-version="${before.version + 1}"]`);
    expect((await gridRow(id)).name).toBe('e2e 改名');

    await page.click(`${EDITOR} button[data-tool="history"]`);
    await page.waitForSelector(`${EDITOR} [data-testid="history"] li[data-version="${before.version}"] button[data-action="restore"]`);
    const rows = await page.$$eval(`${EDITOR} [data-testid="history"] li`, (lis) => lis.map((li) => li.getAttribute('data-version')));
    expect(rows).toEqual([String(before.version + 1), String(before.version)]);
    expect(await page.textContent(`${EDITOR} [data-testid="history"]`)).toContain('试改名称');
    await page.screenshot({ path: `${ARTIFACTS}grid-editor-history.png` });

    await page.fill(`${EDITOR} textarea[name="reason"]`, '名称改回');
    const answer = waitForApi('POST', new RegExp(`^/api/grids/${id}/restore$`));
    await page.click(`${EDITOR} [data-testid="history"] li[data-version="${before.version}"] button[data-action="restore"]`);
    expect((await answer).status()).toBe(200);
    await page.waitForSelector(`${EDITOR}[data-grid-version="${before.version + 2}"] [data-testid="history"] li[data-version="${before.version + 2}"]`);

    const after = await gridRow(id);
    expect(after.version).toBe(before.version + 2);
    expect(after.name).toBe(before.name);
    expect(after.area / before.area).toBeCloseTo(1, 3);
    const { rows: [last] } = await server.db.pool.query(
      `select action, reason from grid_version where grid_id = $1 order by version desc limit 1`, [id]);
    expect(last).toEqual({ action: 'restore', reason: '名称改回' });
  });
  it('reports a change saved elsewhere in between (409) and saves once the planner has seen it', async () => {
    const id = made.merged!;
    const before = await gridRow(id);
    await page.click(`${EDITOR} button[data-action="cancel"]`); // closes the history
    await page.click(`${EDITOR} button[data-tool="properties"]`);
    await page.fill(`${EDITOR} input[name="name"]`, 'e2e 我的名称');
    // Another planner saves first.
    const cookie = await signIn(server.baseUrl, 'planner');
    const other = await fetch(`${server.baseUrl}/api/grids/${id}`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json', 'if-match': `"${before.version}"` },
      body: JSON.stringify({ type: 'Feature', properties: { name: 'e2e 别人的名称' } }),
    });
    expect(other.status).toBe(200);

    const conflict = await save('PUT', new RegExp(`^/api/grids/${id}$`));
    expect(conflict.status()).toBe(409);
    await page.waitForSelector(`${EDITOR}[data-grid-version="${before.version + 1}"] [data-testid="editor-message"][data-kind="error"]`);
    expect(await page.textContent(`${EDITOR} [data-testid="editor-message"]`)).toContain(String(before.version + 1));
    expect((await gridRow(id)).name).toBe('e2e 别人的名称');

    const again = await save('PUT', new RegExp(`^/api/grids/${id}$`));
    expect(again.status()).toBe(200);
    const after = await gridRow(id);
    expect(after.version).toBe(before.version + 2);
    expect(after.name).toBe('e2e 我的名称');
  });

  it('previews an auto-split of a village group with household counts, then accepts it', async () => {
    // Another group of the same village with enough households for several proposals.
    const { rows: [group] } = await server.db.pool.query(`
      select u.code, count(h.*)::int as households,
             (select count(*)::int from grid g where g.group_code = u.code and g.retired_at is null) as grids
      from admin_unit u join household h on st_intersects(h.geom, u.geom)
      where u.level = 'group' and u.code like $1 and u.code <> $2
      group by u.code having count(h.*) between 45 and 120 order by u.code limit 1`,
    [`${target.group_code.slice(0, 12)}%`, target.group_code]);
    expect(group).toBeDefined();

    await page.click(`${EDITOR} button[data-tool="autoSplit"]`);
    await page.fill(`${EDITOR} input[name="group"]`, group.code);
    const preview = waitForApi('POST', new RegExp(`^/api/units/${group.code}/auto-split$`));
    await page.click(`${EDITOR} button[data-action="preview"]`);
    const answer = await preview;
    expect(answer.status()).toBe(200);
    const { proposals } = await answer.json();
    expect(proposals.features.length).toBeGreaterThan(1);
    await page.waitForSelector(`${EDITOR} [data-testid="proposal-list"] li`);
    expect(await page.$$eval(`${EDITOR} [data-testid="proposal-list"] li`, (lis) => lis.length)).toBe(proposals.features.length);
    await idle();
    const labels = await page.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['auto-split-label'] })
      .map((f) => String(f.properties.label)));
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toMatch(/^\d+ 户$/);
    await page.screenshot({ path: `${ARTIFACTS}grid-editor-auto-split.png` });
    // Nothing is written by a preview.
    const { rows: [still] } = await server.db.pool.query(
      `select count(*)::int as n from grid where group_code = $1 and retired_at is null`, [group.code]);
    expect(still.n).toBe(group.grids);

    await page.fill(`${EDITOR} textarea[name="reason"]`, '按户数自动划分');
    const accepted = await save('POST', new RegExp(`^/api/units/${group.code}/auto-split/accept$`));
    expect(accepted.status()).toBe(201);
    await page.waitForSelector(`${EDITOR} [data-testid="editor-message"][data-kind="success"]`);
    const { rows: [live] } = await server.db.pool.query(
      `select count(*)::int as n, count(*) filter (where v.action = 'auto_split' and v.reason = '按户数自动划分')::int as recorded
       from grid g join grid_version v on v.grid_id = g.id and v.version = g.version
       where g.group_code = $1 and g.retired_at is null`, [group.code]);
    expect(live.n).toBe(proposals.features.length);
    expect(live.recorded).toBe(proposals.features.length);
    expect(pageErrors).toEqual([]);
  });
});

/**
 * A corner of the gap pushed outwards from its centre until it lies inside a grid of the target's group, at least
 * 20 px from that grid's boundary (so it snaps to nothing). The first corner is never chosen: it closes the ring.
 */
async function pushOut(corners: { x: number; y: number }[], centre: { x: number; y: number }) {
  for (let index = 1; index < corners.length; index++) {
    for (const factor of [0.25, 0.35, 0.45]) {
      const c = corners[index];
      const at = { x: c.x + (c.x - centre.x) * factor, y: c.y + (c.y - centre.y) * factor };
      const probe = await page.evaluate(([x, y]) => {
        const map = window.gridwatch.map;
        const p = map.unproject([x, y]);
        const q = map.unproject([x + 20, y]);
        return { lngLat: [p.lng, p.lat], metres20: p.distanceTo(q) };
      }, [at.x, at.y] as const);
      const { rows } = await server.db.pool.query(`
        select n.code, st_distance(st_boundary(n.geom)::geography, st_setsrid(st_point($1, $2), 4326)::geography) as d
        from grid n
        where n.retired_at is null and n.group_code = $3 and st_contains(n.geom, st_setsrid(st_point($1, $2), 4326))`,
      [probe.lngLat[0], probe.lngLat[1], target.group_code]);
      if (rows[0] && rows[0].d > probe.metres20) return { index, at, neighbourCode: rows[0].code as string };
    }
  }
  throw new Error('no corner of the gap can be pushed into a neighbour of the same group');
}
