// The demo dataset's invariants: the county's real structure at its real scale, exact nesting, and data that
// lies where it says it does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import townships from '../../data/yongren/townships.json' with { type: 'json' };
import { cloneTemplate, type TestDb } from '../support/test-db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await cloneTemplate();
});
afterAll(() => db.drop());

const one = async (sql: string, values: unknown[] = []) => (await db.pool.query(sql, values)).rows[0];

describe('the Yongren demo dataset', () => {
  it('has the real hierarchy at the real scale', async () => {
    const { rows } = await db.pool.query('select level, count(*)::int as n from admin_unit group by level');
    expect(Object.fromEntries(rows.map((r) => [r.level, r.n]))).toEqual({ county: 1, township: 7, village: 63, group: 705 });
    expect((await one('select count(*)::int as n from grid')).n).toBe(4776);
    expect((await one('select count(*)::int as n from household')).n).toBe(33642);
  });

  it('keeps the real codes, names and 2020 township populations', async () => {
    const { rows } = await db.pool.query(`select code, name, population from admin_unit where level = 'township' order by code`);
    expect(rows).toEqual(townships.map((t) => ({ code: t.code, name: t.name, population: t.population_2020 })));
    expect((await one(`select population from admin_unit where level = 'county'`)).population).toBe(97985);
  });

  it('has only valid geometry', async () => {
    const r = await one(`select
      (select count(*) from admin_unit where not st_isvalid(geom))::int as units,
      (select count(*) from grid where not st_isvalid(geom))::int as grids,
      (select count(*) from risk_point where area is not null and not st_isvalid(area))::int as slopes`);
    expect(r).toEqual({ units: 0, grids: 0, slopes: 0 });
  });

  it('nests every level in the one above, with total gap and overlap each under 0.1% of the county', async () => {
    // For each parent: gap = its area not covered by its children; overlap = children's area counted twice.
    const { rows } = await db.pool.query(`
      with children as (
        select parent_code as parent, geom from admin_unit where parent_code is not null
        union all select group_code, geom from grid
      ), per_parent as (
        select c.parent, st_area(st_union(c.geom)::geography) as union_area,
               sum(st_area(c.geom::geography)) as sum_area, st_area(p.geom::geography) as parent_area
        from children c join admin_unit p on p.code = c.parent
        group by c.parent, p.geom
      )
      select p.level, sum(abs(pp.parent_area - pp.union_area)) as gap, sum(pp.sum_area - pp.union_area) as overlap,
             (select st_area(geom::geography) from admin_unit where level = 'county') as county
      from per_parent pp join admin_unit p on p.code = pp.parent group by p.level`);
    expect(rows.map((r) => r.level).sort()).toEqual(['county', 'group', 'township', 'village']);
    for (const r of rows) {
      expect(r.gap / r.county, `gap under ${r.level}`).toBeLessThan(0.001);
      expect(r.overlap / r.county, `overlap under ${r.level}`).toBeLessThan(0.001);
    }
    // Each grid lies inside its group but for dust an edit would trim (gw_is_dust): a grid saved unchanged is accepted.
    const outside = await one(`
      select count(*)::int as n from grid g join admin_unit a on a.code = g.group_code,
        st_dump(st_collectionextract(st_difference(g.geom, a.geom), 3)) d
      where not gw_is_dust(d.geom, 1, 0.1)`);
    expect(outside.n).toBe(0);
  });

  it('puts every household in exactly one grid, the one it names, 10 to 20 per residential grid', async () => {
    const r = await one(`select
      count(*) filter (where n <> 1)::int as not_in_one,
      count(*) filter (where n = 1 and containing <> grid_id)::int as wrong_grid
      from (select h.grid_id, count(g.id) as n, min(g.id) as containing
            from household h left join grid g on st_intersects(g.geom, h.geom) group by h.id, h.grid_id) x`);
    expect(r).toEqual({ not_in_one: 0, wrong_grid: 0 });
    const sizes = await one(`select min(households)::int as min, max(households)::int as max
                             from grid where kind in ('residential', 'compound')`);
    expect(sizes.min).toBeGreaterThanOrEqual(10);
    expect(sizes.max).toBeLessThanOrEqual(20);
    const others = await one(`select count(*)::int as n from grid where kind not in ('residential', 'compound') and households > 0`);
    expect(others.n).toBe(0);
  });

  it('adds populations and households up the tree', async () => {
    const r = await one(`select count(*)::int as n from admin_unit a
      where a.households <> (select coalesce(sum(households), 0) from grid where code like a.code || '%')
         or a.population <> (select coalesce(sum(population), 0) from grid where code like a.code || '%')`);
    expect(r.n).toBe(0);
    const persons = await one('select sum(persons)::int as p, min(persons)::int as min from household');
    expect(persons).toEqual({ p: 97985, min: 1 });
  });

  it('has dedicated grids and the key enterprises and projects', async () => {
    const { rows } = await db.pool.query('select kind, count(*)::int as n from grid group by kind');
    const kinds = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
    expect(kinds.project).toBe(24);
    for (const k of ['residential', 'compound', 'enterprise', 'market', 'park']) expect(kinds[k]).toBeGreaterThan(0);
    const key = await one(`select count(*) filter (where kind = 'enterprise')::int as enterprises,
                                  count(*) filter (where kind = 'project')::int as projects from risk_point`);
    expect(key).toEqual({ enterprises: 14, projects: 24 });
  });

  it('has one chief, 775 grid leaders and a worker for every grid', async () => {
    const { rows } = await db.pool.query('select role, count(*)::int as n from person group by role');
    expect(Object.fromEntries(rows.map((r) => [r.role, r.n]))).toEqual({ chief: 1, leader: 775, worker: 4776 });
    const r = await one(`select count(*)::int as n from grid g left join person p on p.id = g.worker_id
                         where p.jurisdiction is distinct from g.code`);
    expect(r.n).toBe(0);
    const { rows: users } = await db.pool.query('select username, role, jurisdiction from app_user order by username');
    expect(users.map((u) => u.username)).toEqual(['chief', 'fire', 'housing', 'leader', 'planner', 'worker']);
  });

  it('has twelve months of hazards with the county rectification rate and a history for each', async () => {
    const r = await one(`select count(*)::int as n, count(*) filter (where severity = 'major')::int as major,
      count(*) filter (where status = 'closed')::int as closed,
      (max(reported_at) - min(reported_at)) > interval '330 days' as year,
      count(*) filter (where not exists (select 1 from hazard_event e where e.hazard_id = hazard.id))::int as no_history,
      count(*) filter (where status = 'closed' and closed_at is null)::int as closed_without_time
      from hazard`);
    expect(r).toMatchObject({ n: 3680, major: 13, year: true, no_history: 0, closed_without_time: 0 });
    expect(r.closed / r.n).toBeGreaterThan(0.85);
    expect(r.closed / r.n).toBeLessThan(0.9);
    // Acceptance is by someone other than the one who fixed it.
    const self = await one(`select count(*)::int as n from hazard_event a join hazard_event f
      on f.hazard_id = a.hazard_id and f.action in ('rectify', 'fix_on_spot') where a.action = 'accept' and a.actor_id = f.actor_id`);
    expect(self.n).toBe(0);
  });

  // Stops lie in the worker's grid; the straight legs between them may cut across a neighbour, as real walks do.
  it("has thirty days of timed patrol tracks stopping inside the worker's grid", async () => {
    const r = await one(`select count(*)::int as n, count(distinct worker_id)::int as workers,
      min(started_at) > now() - interval '32 days' as recent,
      count(*) filter (where st_m(st_startpoint(track)) <> extract(epoch from started_at))::int as bad_start,
      count(*) filter (where not st_within(st_points(st_force2d(track)), (select st_buffer(geom, 0.00001) from grid where id = patrol.grid_id)))::int as outside
      from patrol`);
    expect(r.n).toBeGreaterThan(4776 * 30 * 0.8);
    expect(r.workers).toBe(4776);
    expect(r).toMatchObject({ recent: true, bad_start: 0, outside: 0 });
  });
});
