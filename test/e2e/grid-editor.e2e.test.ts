// Planner mode as a planner uses it, in real headless Chromium against the real server and PostGIS: delete a grid,
// find the gap in the partition check, draw a grid into it (first overlapping a neighbour, which is shown before
// saving, then fixed), split it, merge the parts back, rename it and restore the old name from the history panel,
// meet another planner's change (409), pick its grid worker by name from the township and unassign them again, and
// accept an auto-split of a group after dragging a corner shared by two proposals (counted again on the server).
// The database is checked after every step.
import { mkdirSync } from 'node:fs';
import type { Polygon, Position } from 'geojson';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mapIdle } from '../support/browser.ts';
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

const idle = () => mapIdle(page);

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

  it('picks the grid worker from the township by name with the picker, saves, and unassigns them again', async () => {
    const id = made.merged!;
    const before = (await server.db.pool.query(`select worker_id::int, version from grid where id = $1`, [id])).rows[0];
    // A worker of another group of the same township, who works a grid there now.
    const { rows: [worker] } = await server.db.pool.query(`
      select p.id::int, p.name, p.phone, g.code as grid_code
      from person p join grid g on g.worker_id = p.id and g.retired_at is null
      where p.role = 'worker' and g.code like $1 and g.group_code <> $2
      order by p.id limit 1`, [`${target.group_code.slice(0, 9)}%`, target.group_code]);
    expect(worker).toBeDefined();

    // Opened, the picker lists the workers of the grid's own group.
    const groupList = waitForApi('GET', /^\/api\/people$/);
    await page.click(`${EDITOR} button[data-tool="properties"]`);
    const groupAnswer = await groupList;
    const groupQuery = new URL(groupAnswer.url()).searchParams;
    expect(groupQuery.get('unit')).toBe(target.group_code);
    expect(groupQuery.get('role')).toBe('worker');
    const { people: groupPeople } = await groupAnswer.json();
    expect(groupPeople.length).toBeGreaterThan(0);
    await page.waitForSelector(`${EDITOR} [data-testid="worker-options"][data-state="ready"]`);
    expect(await page.$$eval(`${EDITOR} [data-testid="worker-options"] button[data-worker-id]`, (bs) => bs.length))
      .toBe(groupPeople.length + 1); // and "no worker"
    const chosenBefore = await page.getAttribute(`${EDITOR} [data-testid="worker-picker"]`, 'data-worker-id');
    expect(chosenBefore).toBe(before.worker_id === null ? '' : String(before.worker_id));

    // A name searches the whole township.
    const search = waitForApi('GET', /^\/api\/people$/);
    await page.fill(`${EDITOR} input[name="worker_search"]`, worker.name);
    const searchQuery = new URL((await search).url()).searchParams;
    expect(searchQuery.get('unit')).toBe(target.group_code.slice(0, 9));
    expect(searchQuery.get('name')).toBe(worker.name);
    const option = `${EDITOR} [data-testid="worker-options"] button[data-worker-id="${worker.id}"]`;
    await page.waitForSelector(option);
    const optionText = await page.textContent(option);
    expect(optionText).toContain(worker.name);
    expect(optionText).toContain(worker.grid_code);
    if (worker.phone) expect(optionText).toContain(worker.phone);
    await page.click(option);
    await page.waitForSelector(`${EDITOR} [data-testid="worker-picker"][data-worker-id="${worker.id}"]`);
    expect(await page.textContent(`${EDITOR} [data-testid="worker-chosen"]`)).toContain(worker.name);
    await page.screenshot({ path: `${ARTIFACTS}grid-editor-worker.png` });

    await page.fill(`${EDITOR} textarea[name="reason"]`, '指定网格员');
    const saved = await save('PUT', new RegExp(`^/api/grids/${id}$`));
    expect(saved.status()).toBe(200);
    expect(saved.request().postDataJSON().properties.worker_id).toBe(worker.id);
    await page.waitForSelector(`${EDITOR}[data-grid-version="${before.version + 1}"] [data-testid="editor-message"][data-kind="success"]`);
    const after = (await server.db.pool.query(`select worker_id::int, version from grid where id = $1`, [id])).rows[0];
    expect(after).toEqual({ worker_id: worker.id, version: before.version + 1 });

    // Opened again, the picker shows the worker chosen, with this grid as theirs; "no worker" unassigns them.
    await page.click(`${EDITOR} button[data-tool="properties"]`);
    await page.waitForSelector(`${EDITOR} [data-testid="worker-picker"][data-worker-id="${worker.id}"]`);
    await page.click(`${EDITOR} [data-testid="worker-options"] button[data-worker-id="none"]`);
    await page.waitForSelector(`${EDITOR} [data-testid="worker-picker"][data-worker-id=""]`);
    const unassigned = await save('PUT', new RegExp(`^/api/grids/${id}$`));
    expect(unassigned.status()).toBe(200);
    expect(unassigned.request().postDataJSON().properties.worker_id).toBeNull();
    await page.waitForSelector(`${EDITOR}[data-grid-version="${before.version + 2}"]`);
    expect((await server.db.pool.query(`select worker_id from grid where id = $1`, [id])).rows[0].worker_id).toBeNull();
  });

  it('previews an auto-split of a village group, adjusts a proposal by dragging a shared corner, then accepts it', async () => {
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
    // A narrower range than the county's 10–20, so that one dragged corner can take a proposal out of it.
    const range = { min: 9, max: 17 };
    await page.fill(`${EDITOR} input[name="min"]`, String(range.min));
    await page.fill(`${EDITOR} input[name="max"]`, String(range.max));
    const preview = waitForApi('POST', new RegExp(`^/api/units/${group.code}/auto-split$`));
    await page.click(`${EDITOR} button[data-action="preview"]`);
    const answer = await preview;
    expect(answer.status()).toBe(200);
    const { proposals } = await answer.json();
    expect(answer.request().postDataJSON()).toEqual(range);
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

    // A corner inside the group shared by two proposals, dragged into one of them: the other grows.
    const drag = await pickProposalDrag(proposals, group.code, range);
    expect(drag.flags).toBe(true);
    const [inside] = await project([drag.inside]);
    await page.mouse.click(inside.x, inside.y); // picks the proposal to reshape
    await page.waitForSelector(`${EDITOR} [data-testid="proposal-list"][data-selected="${drag.proposal}"]`);
    await page.waitForSelector(`${EDITOR}[data-draft="finished"]`);
    const [from, to] = await project([drag.from, drag.to]);
    for (const p of [from, to]) {
      expect(p.x).toBeGreaterThan(220);
      expect(p.x).toBeLessThan(1020);
      expect(p.y).toBeGreaterThan(20);
      expect(p.y).toBeLessThan(840);
    }
    const counted = waitForApi('POST', new RegExp(`^/api/units/${group.code}/auto-split/count$`));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    const countAnswer = await counted;
    expect(countAnswer.status()).toBe(200);
    const sentForCount = countAnswer.request().postDataJSON().proposals;
    const { counts } = await countAnswer.json();
    await page.waitForSelector(`${EDITOR} [data-testid="proposal-list"][data-counts="current"]`);

    // The corner moved in both proposals, where it was let go (no snapping that far from everything else).
    const moved = movedCorner(proposals.features[drag.proposal].geometry, sentForCount.features[drag.proposal].geometry);
    expect(metres(moved, drag.to)).toBeLessThan(3);
    expect(hasCorner(sentForCount.features[drag.neighbour].geometry, moved)).toBe(true);
    expect(hasCorner(sentForCount.features[drag.neighbour].geometry, drag.from)).toBe(false);
    // The server's counts are the list's and the labels', and households changed proposal.
    const expected = await householdsIn(sentForCount);
    expect(counts.map((c: { households: number }) => c.households)).toEqual(expected);
    expect(expected).not.toEqual(await householdsIn(proposals));
    const listed = await page.$$eval(`${EDITOR} [data-testid="proposal-list"] li`,
      (lis) => lis.map((li) => ({ households: Number(li.getAttribute('data-households')), status: li.getAttribute('data-status'), text: li.textContent })));
    expect(listed.map((l) => l.households)).toEqual(expected);
    await idle();
    const relabelled = await page.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['auto-split-label'] })
      .map((f) => ({ index: Number(f.properties.index), label: String(f.properties.label), flagged: Boolean(f.properties.flagged) })));
    expect(relabelled.length).toBeGreaterThan(0);
    for (const l of relabelled) {
      expect(l.label.startsWith(`${expected[l.index]} 户`)).toBe(true);
      expect(l.flagged).toBe(expected[l.index] < range.min || expected[l.index] > range.max);
      if (l.flagged) expect(l.label).toMatch(/\n(少于|多于) \d+ 户$/);
    }
    // Outside the range: red, with the reason.
    for (const [i, l] of listed.entries()) {
      expect(l.status).toBe(expected[i] < range.min ? 'few' : expected[i] > range.max ? 'many' : 'ok');
      if (l.status === 'few') expect(l.text).toContain(`少于 ${range.min} 户`);
      if (l.status === 'many') expect(l.text).toContain(`多于 ${range.max} 户`);
    }
    expect(listed.some((l) => l.status !== 'ok')).toBe(drag.flags);
    await page.waitForSelector(`${EDITOR}[data-problems="0"] button[data-action="save"]:not([disabled])`);
    await page.screenshot({ path: `${ARTIFACTS}grid-editor-auto-split-adjusted.png` });

    // The server has the last word: proposals it refuses (here one is made a copy of its neighbour on the way, so
    // the two overlap) are answered 422, shown in red where the server says, and nothing is written.
    await page.route(`**/api/units/${group.code}/auto-split/accept`, async (route) => {
      const body = route.request().postDataJSON();
      body.proposals.features[drag.neighbour].geometry = body.proposals.features[drag.proposal].geometry;
      await route.continue({ postData: JSON.stringify(body) });
    }, { times: 1 });
    const refused = await save('POST', new RegExp(`^/api/units/${group.code}/auto-split/accept$`));
    expect(refused.status()).toBe(422);
    expect((await refused.json()).code).toBe('overlaps_neighbour');
    await page.waitForSelector(`${EDITOR} [data-testid="editor-message"][data-kind="error"]`);
    expect(await page.textContent(`${EDITOR} [data-testid="editor-message"]`)).toContain('网格与相邻网格重叠');
    await idle();
    expect(await page.evaluate(() => window.gridwatch.map.queryRenderedFeatures({ layers: ['editor-problem-fill'] }).length))
      .toBeGreaterThan(0);
    const { rows: [unchanged] } = await server.db.pool.query(
      `select count(*)::int as n from grid where group_code = $1 and retired_at is null`, [group.code]);
    expect(unchanged.n).toBe(group.grids);

    await page.fill(`${EDITOR} textarea[name="reason"]`, '按户数自动划分');
    const accepted = await save('POST', new RegExp(`^/api/units/${group.code}/auto-split/accept$`));
    expect(accepted.status()).toBe(201);
    await page.waitForSelector(`${EDITOR} [data-testid="editor-message"][data-kind="success"]`);
    // What was accepted is what was adjusted, and the group's grids are those proposals.
    const sent = accepted.request().postDataJSON().proposals;
    expect(sent.features.map((f: { geometry: Polygon }) => f.geometry)).toEqual(sentForCount.features.map((f: { geometry: Polygon }) => f.geometry));
    const { rows: matched } = await server.db.pool.query(`
      with p as (
        select i::int, st_setsrid(st_geomfromgeojson(g->>'geometry'), 4326) as geom
        from json_array_elements($1::json) with ordinality as x(g, i)
      )
      select p.i, st_area(p.geom::geography) as proposed,
             (select st_area(g.geom::geography) from grid g where g.group_code = $2 and g.retired_at is null
              order by st_area(st_intersection(g.geom, p.geom)) desc limit 1) as saved
      from p order by p.i`, [JSON.stringify(sent.features), group.code]);
    for (const m of matched) expect(Math.abs(m.saved / m.proposed - 1)).toBeLessThan(0.01);
    // The adjusted proposal is not the one first proposed (so the 1% above tells them apart).
    const { rows: [change] } = await server.db.pool.query(
      `select st_area(st_setsrid(st_geomfromgeojson($1), 4326)::geography) / st_area(st_setsrid(st_geomfromgeojson($2), 4326)::geography) as ratio`,
      [JSON.stringify(sent.features[drag.proposal].geometry), JSON.stringify(proposals.features[drag.proposal].geometry)]);
    expect(Math.abs(change.ratio - 1)).toBeGreaterThan(0.03);
    const { rows: [live] } = await server.db.pool.query(
      `select count(*)::int as n, count(*) filter (where v.action = 'auto_split' and v.reason = '按户数自动划分')::int as recorded
       from grid g join grid_version v on v.grid_id = g.id and v.version = g.version
       where g.group_code = $1 and g.retired_at is null`, [group.code]);
    expect(live.n).toBe(proposals.features.length);
    expect(live.recorded).toBe(proposals.features.length);
    expect(pageErrors).toEqual([]);
  });
});

type Ring = Position[];
interface ProposalCollection {
  features: { geometry: Polygon; properties: { households: number } }[];
}

/** Metres between two positions, near enough at a village's scale. */
function metres(a: Position, b: Position): number {
  const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * 111_320 * k, (a[1] - b[1]) * 110_574);
}

/** Metres from p to the segment a–b. */
function toSegment(p: Position, a: Position, b: Position): number {
  const k = Math.cos((p[1] * Math.PI) / 180);
  const [px, py, ax, ay, bx, by] = [p[0] * k, p[1], a[0] * k, a[1], b[0] * k, b[1]];
  const [dx, dy] = [bx - ax, by - ay];
  const t = dx || dy ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy))) : 0;
  return metres([(ax + t * dx) / k, ay + t * dy], p);
}

const sameCorner = (a: Position, b: Position) => Math.abs(a[0] - b[0]) < 1e-9 && Math.abs(a[1] - b[1]) < 1e-9;
const hasCorner = (g: Polygon, p: Position) => g.coordinates[0].some((c) => sameCorner(c, p));

/** The one corner of `after` that is not in `before` (the ring has the same corners otherwise). */
function movedCorner(before: Polygon, after: Polygon): Position {
  const fresh = after.coordinates[0].filter((c) => !hasCorner(before, c));
  expect(fresh.length).toBeGreaterThan(0);
  return fresh[0];
}

/** Households in each proposal, as the server's count does (a household on a shared edge is in both). */
async function householdsIn(collection: ProposalCollection): Promise<number[]> {
  const { rows } = await server.db.pool.query(`
    select (select count(*)::int from household h where h.geom && p.geom and st_intersects(h.geom, p.geom)) as n
    from json_array_elements($1::json) with ordinality as x(g, i),
         lateral (select st_setsrid(st_geomfromgeojson(x.g->>'geometry'), 4326) as geom) p
    order by x.i`, [JSON.stringify(collection.features)]);
  return rows.map((r) => r.n);
}

/**
 * A corner to drag: inside the group (not on its boundary), shared by `proposal` and `neighbour`, moved part of the
 * way towards the inside of `neighbour`, to a place at least 45 m from every other corner and edge (no snapping at
 * any zoom the preview is shown at) where every proposal stays valid, no two overlap, the dragged proposal's area
 * changes by over 3% and some household changes proposal. One that takes a proposal out of the range is preferred,
 * to see it flagged.
 */
async function pickProposalDrag(collection: ProposalCollection, groupCode: string, range: { min: number; max: number }) {
  const rings: Ring[] = collection.features.map((f) => f.geometry.coordinates[0]);
  const { rows: [{ boundary }] } = await server.db.pool.query(
    `select st_asgeojson(st_boundary(geom), 9)::json as boundary from admin_unit where code = $1`, [groupCode]);
  const groupLines: Ring[] = boundary.type === 'MultiLineString' ? boundary.coordinates : [boundary.coordinates];
  const { rows: surface } = await server.db.pool.query(`
    select st_x(c) as x, st_y(c) as y
    from json_array_elements($1::json) with ordinality as x(g, i),
         lateral (select st_pointonsurface(st_setsrid(st_geomfromgeojson(x.g::text), 4326)) as c) p
    order by x.i`, [JSON.stringify(collection.features.map((f) => f.geometry))]);
  const inside: Position[] = surface.map((r) => [r.x, r.y]);
  const before = await householdsIn(collection);

  const clearance = (p: Position, skip: Position) => {
    let d = Infinity;
    for (const ring of [...rings, ...groupLines]) {
      for (let i = 1; i < ring.length; i++) {
        if (sameCorner(ring[i - 1], skip) || sameCorner(ring[i], skip)) continue;
        d = Math.min(d, toSegment(p, ring[i - 1], ring[i]));
      }
    }
    return d;
  };
  const onGroupEdge = (p: Position) => groupLines.some((l) => l.some((_, i) => i > 0 && toSegment(p, l[i - 1], l[i]) < 5));

  const candidates = [];
  for (const [a, ring] of rings.entries()) {
    for (const from of ring.slice(0, -1)) {
      if (onGroupEdge(from)) continue;
      for (const [b, other] of rings.entries()) {
        if (b === a || !other.some((c) => sameCorner(c, from))) continue;
        for (const f of [0.35, 0.5, 0.65]) {
          const to: Position = [from[0] + f * (inside[b][0] - from[0]), from[1] + f * (inside[b][1] - from[1])];
          if (clearance(to, from) < 45) continue;
          candidates.push({ proposal: a, neighbour: b, from, to });
        }
      }
    }
  }
  const tried = candidates.slice(0, 120).map((c) => ({
    proposal: c.proposal,
    geoms: rings.map((_, i) => ({
      type: 'Polygon',
      coordinates: collection.features[i].geometry.coordinates.map((r) => r.map((p) => (sameCorner(p, c.from) ? c.to : p))),
    })),
  }));
  // All at once: each candidate's validity, overlaps, the dragged proposal's area and every proposal's households.
  const { rows: checks } = await server.db.pool.query(`
    with c as (
      select c.k::int, (c.v->>'proposal')::int as a, c.v->'geoms' as geoms
      from json_array_elements($1::json) with ordinality as c(v, k)
    ), p as (
      select c.k, x.i::int - 1 as i, st_setsrid(st_geomfromgeojson(x.g::text), 4326) as geom
      from c, json_array_elements(c.geoms) with ordinality as x(g, i)
    )
    select c.k,
           (select bool_and(st_isvalid(p.geom)) from p where p.k = c.k) as valid,
           (select coalesce(sum(st_area(st_intersection(p1.geom, p2.geom)::geography)), 0)
            from p p1 join p p2 on p1.k = c.k and p2.k = c.k and p1.i < p2.i and p1.geom && p2.geom
            where st_isvalid(p1.geom) and st_isvalid(p2.geom)) as overlap,
           (select st_area(p.geom::geography) from p where p.k = c.k and p.i = c.a) as area,
           (select array_agg((select count(*)::int from household h where h.geom && p.geom and st_intersects(h.geom, p.geom))
                             order by p.i) from p where p.k = c.k) as counts
    from c order by c.k`, [JSON.stringify(tried)]);
  const { rows: areas } = await server.db.pool.query(`
    select st_area(st_setsrid(st_geomfromgeojson(g::text), 4326)::geography) as a
    from json_array_elements($1::json) with ordinality as x(g, i) order by i`,
  [JSON.stringify(collection.features.map((f) => f.geometry))]);
  let fallback = null;
  for (const [k, check] of checks.entries()) {
    const c = candidates[k];
    if (!check.valid || check.overlap > 1 || Math.abs(check.area / areas[c.proposal].a - 1) < 0.03) continue;
    const after: number[] = check.counts;
    if (after.every((n, i) => n === before[i])) continue;
    const flags = after.some((n) => n < range.min || n > range.max);
    const pick = { ...c, inside: inside[c.proposal], flags };
    if (flags) return pick;
    fallback ??= pick;
  }
  if (!fallback) throw new Error('no shared corner of the proposals can be dragged cleanly');
  return fallback;
}

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
