// 网格发现、社区吹哨、部门报到 as the people in it use the map, in real headless Chromium against the real server and
// PostGIS, one browser context each: the township leader finds an open hazard in the register and blows the whistle
// on fire and housing (a blank reason is refused first, 400); the fire brigade finds it in its register under
// "summoned to my department", reports for duty and records what it did; the leader's stale form is refused (409)
// when someone else summoned meanwhile, and catches up; housing, which never reported, is escalated by the server's
// timer job, and the leader's register lists it among the late departments. The database is checked after each step.
import { mkdirSync } from 'node:fs';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateLateDepartments } from '../../server/whistles/whistles.ts';
import { launchChromium, openMapAs, type MapUser } from '../support/browser.ts';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENT_DIR = new URL('../../client/dist', import.meta.url).pathname;
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const PANEL = '#feature-panel';
const REGISTER = '#hazard-register';
const WHISTLE = `${PANEL} [data-testid="whistle"]`;
const REASON = '危房存在火灾隐患，需消防和住建协同处置';

type Person = MapUser;

let server: TestServer;
/** One connection held for the whole file, so another run's setup does not drop this clone (see hazards.e2e). */
let hold: { release(): void } | undefined;
let browser: Browser;
let leader: Person;
let fire: Person;
/** An open general hazard of the leader's township, nobody summoned to it yet; `day` is when it was reported. */
let hazard: { id: number; category: string; day: string };

/** A local day as `<input type="date">` has it (the browser runs in this machine's time zone too). */
const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const person = (username: string): Promise<Person> => openMapAs(browser, server.baseUrl, username);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer({ clientDir: CLIENT_DIR });
  hold = await server.db.pool.connect();
  const { rows } = await server.db.pool.query(`
    select z.id::int, z.category, z.reported_at
    from hazard z join grid g on g.id = z.grid_id
    where g.code like '532327101%' and z.status = 'reported' and z.severity = 'general'
      and not exists (select 1 from whistle_summons s where s.hazard_id = z.id)
    order by z.id limit 1`);
  expect(rows).toHaveLength(1);
  hazard = { id: rows[0].id, category: rows[0].category, day: localDay(rows[0].reported_at) };
  browser = await launchChromium();
  [leader, fire] = await Promise.all([person('leader'), person('fire')]);
});

afterAll(async () => {
  await browser?.close();
  hold?.release();
  await server?.close();
});

const summons = async () => (await server.db.pool.query(`
  select department_code, blown_by, reason, extract(epoch from due_at - blown_at)::int as ack_seconds, acknowledged_at,
         acknowledged_by, acted_at, action_note, escalated_at
  from whistle_summons where hazard_id = $1 order by department_code`, [hazard.id])).rows;

const events = async () => (await server.db.pool.query(
  'select action, actor from hazard_event where hazard_id = $1 order by at, id', [hazard.id])).rows;

const posted = (page: Page, path: RegExp): Promise<Response> =>
  page.waitForResponse((r) => r.request().method() === 'POST' && path.test(new URL(r.url()).pathname), { timeout: 15_000 });

const registerRows = (page: Page) =>
  page.$$eval(`${REGISTER} [data-testid="register-rows"] tbody tr[data-hazard-id]`, (trs) => trs.map((tr) => Number(tr.getAttribute('data-hazard-id'))));

const summonsShown = (page: Page) =>
  page.$$eval(`${WHISTLE} [data-testid="whistle-summons"] li[data-department]`,
    (lis) => Object.fromEntries(lis.map((li) => [li.getAttribute('data-department'), li.getAttribute('data-state')])));

/** Opens the register on its list and waits for an answer to the filters as they stand. */
async function openRegister(page: Page) {
  if (await page.isHidden(REGISTER)) await page.click('#hazard-register-button');
  await page.waitForSelector(`${REGISTER}:not([hidden])`);
  await page.click(`${REGISTER} button[data-tab="hazards"]`);
  await page.waitForSelector(`${REGISTER} .register-tab:not([hidden])[data-state="ready"]`, { timeout: 15_000 });
}

/** Clicks the hazard's row and waits for its details (with the whistle section) in the panel. */
async function openFromRegister(page: Page) {
  await page.click(`${REGISTER} [data-testid="register-rows"] tr[data-hazard-id="${hazard.id}"]`);
  await page.waitForSelector(`${PANEL}[data-layer="hazard"][data-feature-id="${hazard.id}"][data-state="ready"] [data-testid="whistle"]`);
}

describe('the whistle (吹哨) through the hazard panel and the register', () => {
  it('lets the township leader find the hazard in the register and summon fire and housing', async () => {
    const { page } = leader;
    expect(await page.textContent('#hazard-register-button')).toBe('隐患台账');
    await openRegister(page);
    // Open hazards by default, overdue first; narrowed to the hazard's category and day, it is there.
    expect(await page.inputValue(`${REGISTER} select[name="status"]`)).toBe('open');
    expect(await page.$(`${REGISTER} input[name="department"]`)).toBeNull(); // a leader is no department
    await page.selectOption(`${REGISTER} select[name="category"]`, hazard.category);
    await page.waitForSelector(`${REGISTER} .register-tab[data-state="ready"]`);
    await page.fill(`${REGISTER} input[name="from"]`, hazard.day);
    await page.fill(`${REGISTER} input[name="to"]`, hazard.day);
    await page.waitForFunction(([sel, id]) => document.querySelector(`${sel} tr[data-hazard-id="${id}"]`) !== null
      && document.querySelector(`${sel}`)?.closest('[data-state]')?.getAttribute('data-state') === 'ready',
    [`${REGISTER} [data-testid="register-rows"]`, hazard.id] as const, { timeout: 15_000 });
    const { rows } = await server.db.pool.query(`
      select z.id::int, z.reported_at from hazard z join grid g on g.id = z.grid_id
      where g.code like '532327101%' and z.category = $1 and z.status not in ('closed', 'rejected')`, [hazard.category]);
    const sameDay = rows.filter((r) => localDay(r.reported_at) === hazard.day).map((r) => r.id);
    expect((await registerRows(page)).sort()).toEqual(sameDay.sort());

    await openFromRegister(page);
    expect(await page.getAttribute(WHISTLE, 'data-actions')).toBe('blow');
    expect(await page.textContent(WHISTLE)).toContain('尚未吹哨');
    await page.click(`${WHISTLE} button[data-action="blow"]`);
    const form = `${WHISTLE} form[data-form="whistle"]`;
    await page.waitForSelector(`${form} input[name="department"][value="power"]`);
    expect(await page.$$eval(`${form} input[name="department"]`, (bs) => bs.map((b) => (b as HTMLInputElement).value)))
      .toEqual(expect.arrayContaining(['housing', 'fire', 'transport', 'market', 'emergency', 'natural_resources', 'power']));
    expect(await page.inputValue(`${form} input[name="ack_hours"]`)).toBe('2');
    await page.check(`${form} input[name="department"][value="fire"]`);
    await page.check(`${form} input[name="department"][value="housing"]`);
    await page.screenshot({ path: `${ARTIFACTS}whistles-form.png` });

    // A reason of blanks passes the browser's check but not the server's: 400, shown with the server's words.
    await page.fill(`${form} textarea[name="reason"]`, '   ');
    const refused = posted(page, /^\/api\/hazards\/\d+\/whistle$/);
    await page.click(`${form} button[type="submit"]`);
    expect((await refused).status()).toBe(400);
    const error = await page.waitForSelector(`${WHISTLE} [data-testid="whistle-message"][data-kind="error"][data-status="400"]`);
    expect(await error.textContent()).toContain('Say why the departments are summoned');
    expect(await summons()).toEqual([]);

    // The form kept the departments picked; with a reason it goes through.
    expect(await page.isChecked(`${form} input[name="department"][value="fire"]`)).toBe(true);
    await page.fill(`${form} textarea[name="reason"]`, REASON);
    const answer = posted(page, /^\/api\/hazards\/\d+\/whistle$/);
    await page.click(`${form} button[type="submit"]`);
    expect((await answer).status()).toBe(201);
    await page.waitForSelector(`${WHISTLE} [data-testid="whistle-message"][data-kind="success"]`);
    expect(await summonsShown(page)).toEqual({ fire: 'waiting', housing: 'waiting' });
    expect(await page.textContent(`${WHISTLE} [data-testid="whistle-summons"]`)).toContain(REASON);
    expect(await page.$$eval(`${PANEL} [data-testid="hazard-events"] li`, (ls) => ls.map((l) => l.getAttribute('data-action')).at(-1)))
      .toBe('whistle');

    expect(await summons()).toEqual([
      { department_code: 'fire', blown_by: 'leader', reason: REASON, ack_seconds: 7200, acknowledged_at: null,
        acknowledged_by: null, acted_at: null, action_note: null, escalated_at: null },
      { department_code: 'housing', blown_by: 'leader', reason: REASON, ack_seconds: 7200, acknowledged_at: null,
        acknowledged_by: null, acted_at: null, action_note: null, escalated_at: null },
    ]);
    expect((await events()).at(-1)).toEqual({ action: 'whistle', actor: 'leader' });
  });

  it('lets the fire brigade find it under "summoned to my department", report for duty and record its action', async () => {
    const { page } = fire;
    await openRegister(page);
    // A department starts with the hazards it was summoned to: here only this one.
    expect(await page.isChecked(`${REGISTER} input[name="department"]`)).toBe(true);
    expect(await registerRows(page)).toEqual([hazard.id]);
    // Unticked, the list is every open hazard of the county; ticked again, this one alone.
    await page.uncheck(`${REGISTER} input[name="department"]`);
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-count')) > 1,
      `${REGISTER} .register-tab:not([hidden])`, { timeout: 15_000 });
    const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/hazards' && new URL(r.url()).searchParams.get('department') === 'fire');
    await page.check(`${REGISTER} input[name="department"]`);
    expect((await asked).status()).toBe(200);
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-count') === '1',
      `${REGISTER} .register-tab:not([hidden])`);

    await openFromRegister(page);
    expect(await page.getAttribute(WHISTLE, 'data-actions')).toBe('acknowledge');
    expect(await summonsShown(page)).toEqual({ fire: 'waiting', housing: 'waiting' });
    const answerForm = `${WHISTLE} form[data-form="whistle-answer"]`;
    await page.fill(`${answerForm} textarea[name="whistle_note"]`, '已派员到场');
    const ack = posted(page, /^\/api\/hazards\/\d+\/whistle\/acknowledge$/);
    await page.click(`${answerForm} button[data-action="acknowledge"]`);
    expect((await ack).status()).toBe(200);
    await page.waitForSelector(`${WHISTLE}[data-actions="act"]`);
    expect(await summonsShown(page)).toEqual({ fire: 'acknowledged', housing: 'waiting' });
    const [fireRow] = await summons();
    expect(fireRow).toMatchObject({ department_code: 'fire', acknowledged_by: 'fire', acted_at: null });
    expect(fireRow.acknowledged_at).toBeInstanceOf(Date);

    // Recording the action needs a word on what was done: the browser holds the empty form back.
    expect(await page.getAttribute(`${answerForm} textarea[name="whistle_note"]`, 'required')).not.toBeNull();
    await page.fill(`${answerForm} textarea[name="whistle_note"]`, '完成消防安全检查，责令停用私拉电线');
    const act = posted(page, /^\/api\/hazards\/\d+\/whistle\/act$/);
    await page.click(`${answerForm} button[data-action="act"]`);
    expect((await act).status()).toBe(200);
    await page.waitForSelector(`${WHISTLE}[data-actions=""] [data-testid="whistle-message"][data-kind="success"]`);
    expect(await summonsShown(page)).toEqual({ fire: 'acted', housing: 'waiting' });
    expect(await page.$(`${WHISTLE} form`)).toBeNull();
    await page.screenshot({ path: `${ARTIFACTS}whistles-department-acted.png` });

    const rows = await summons();
    expect(rows[0]).toMatchObject({ department_code: 'fire', action_note: '完成消防安全检查，责令停用私拉电线' });
    expect(rows[0].acted_at).toBeInstanceOf(Date);
    expect(rows[1]).toMatchObject({ department_code: 'housing', acknowledged_at: null, acted_at: null, escalated_at: null });
    expect((await events()).filter((e) => e.action.startsWith('department_'))).toEqual([
      { action: 'department_acknowledged', actor: 'fire' }, { action: 'department_acted', actor: 'fire' },
    ]);
  });

  it('shows the leader a 409 when someone else summoned meanwhile, and catches up', async () => {
    const { page } = leader;
    // The leader's panel still shows both departments waiting; the chief summons emergency management meanwhile.
    await page.click(`${WHISTLE} button[data-action="blow"]`);
    const form = `${WHISTLE} form[data-form="whistle"]`;
    await page.waitForSelector(`${form} input[name="department"][value="emergency"]`);
    expect(await page.isDisabled(`${form} input[name="department"][value="fire"]`)).toBe(true);
    const chief = await signIn(server.baseUrl, 'chief');
    const res = await fetch(`${server.baseUrl}/api/hazards/${hazard.id}/whistle`, {
      method: 'POST', headers: { cookie: chief, 'content-type': 'application/json' },
      body: JSON.stringify({ departments: ['emergency'], reason: '县级统筹' }),
    });
    expect(res.status).toBe(201);

    await page.check(`${form} input[name="department"][value="emergency"]`);
    await page.fill(`${form} textarea[name="reason"]`, '需应急部门支援');
    const refused = posted(page, /^\/api\/hazards\/\d+\/whistle$/);
    await page.click(`${form} button[type="submit"]`);
    expect((await refused).status()).toBe(409);
    const message = await page.waitForSelector(`${WHISTLE} [data-testid="whistle-message"][data-kind="error"][data-status="409"]`);
    expect(await message.textContent()).toContain('已刷新');
    expect(await message.textContent()).toContain('already summoned');
    // Reloaded: the panel shows the fire brigade's answers and the chief's summons.
    await page.waitForFunction((sel) => document.querySelector(`${sel} li[data-department="fire"]`)?.getAttribute('data-state') === 'acted', WHISTLE);
    expect(await summonsShown(page)).toEqual({ emergency: 'waiting', fire: 'acted', housing: 'waiting' });
    expect((await summons()).map((r) => r.department_code)).toEqual(['emergency', 'fire', 'housing']);
  });

  it("lists housing, which never reported, as late and escalated in the leader's register", async () => {
    // Housing's two hours have passed; the server's timer job escalates it.
    await server.db.pool.query(`update whistle_summons set due_at = now() - interval '1 hour'
                                where hazard_id = $1 and department_code = 'housing'`, [hazard.id]);
    expect(await escalateLateDepartments(server.db.pool)).toBe(1);
    const rows = Object.fromEntries((await summons()).map((r) => [r.department_code, r]));
    expect(rows.housing.escalated_at).toBeInstanceOf(Date);
    expect(rows.fire.escalated_at).toBeNull();
    expect(rows.emergency.escalated_at).toBeNull();
    expect((await events()).filter((e) => e.action === 'department_late')).toEqual([{ action: 'department_late', actor: 'system' }]);

    const { page } = leader;
    expect(await page.isVisible(REGISTER)).toBe(true); // still open from the first step
    await page.click(`${REGISTER} button[data-tab="departments"]`);
    const tab = `${REGISTER} .register-tab:not([hidden])[data-state="ready"]`;
    await page.waitForSelector(`${tab} [data-testid="late-departments"]`, { timeout: 15_000 });
    const late = await page.$$eval(`${tab} [data-testid="late-departments"] tbody tr`, (trs) => trs.map((tr) => ({
      department: tr.getAttribute('data-department'), hazard: Number(tr.getAttribute('data-hazard-id')),
      acknowledged: tr.getAttribute('data-acknowledged'), escalated: tr.getAttribute('data-escalated'), text: tr.textContent,
    })));
    expect(late).toEqual([{ department: 'housing', hazard: hazard.id, acknowledged: 'false', escalated: 'true',
      text: expect.stringContaining('未报到') }]);
    expect(late[0].text).toContain('县住房和城乡建设局');
    expect(late[0].text).toContain('已通报');
    await page.screenshot({ path: `${ARTIFACTS}whistles-late-departments.png` });

    // The statistics as the API tells them, per department.
    const stat = (code: string, name: string) => page.$eval(`${tab} [data-testid="department-stats"] tr[data-department="${code}"] td[data-stat="${name}"]`,
      (td) => Number(td.textContent));
    expect({ summoned: await stat('housing', 'summoned'), on_time: await stat('housing', 'on_time'), late: await stat('housing', 'late') })
      .toEqual({ summoned: 1, on_time: 0, late: 1 });
    expect({ summoned: await stat('fire', 'summoned'), on_time: await stat('fire', 'on_time'), acted: await stat('fire', 'acted'),
      late: await stat('fire', 'late') }).toEqual({ summoned: 1, on_time: 1, acted: 1, late: 0 });

    // A click on the hazard in the notification opens it; housing shows as escalated there too.
    await page.click(`${tab} [data-testid="late-departments"] tr[data-department="housing"] button`);
    await page.waitForSelector(`${PANEL}[data-feature-id="${hazard.id}"][data-state="ready"] [data-testid="whistle"] li[data-department="housing"][data-state="escalated"]`);
    expect(await page.getAttribute(`${WHISTLE} li[data-department="housing"]`, 'data-late')).toBe('true');
  });

  it('raised no errors in either page', () => {
    expect(leader.errors).toEqual([]);
    expect(fire.errors).toEqual([]);
  });
});
