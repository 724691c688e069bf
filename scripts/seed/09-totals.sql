-- Totals up the tree, so each grid, group, village and township shows what lies in it; grid history begins.
update grid g set households = s.n, population = s.p
from (select grid_id, count(*) as n, sum(persons) as p from household group by grid_id) s where s.grid_id = g.id;

update admin_unit a set households = s.n
from (select left(g.code, len) as code, sum(g.households) as n
      from grid g cross join (values (6), (9), (12), (15)) l(len) group by 1) s
where s.code = a.code;

-- Each grid's history starts with its creation by the seed.
insert into grid_version (grid_id, version, county_code, code, name, group_code, kind, worker_id, geom, action, reason, actor, at)
select id, version, county_code, code, name, group_code, kind, worker_id, geom, 'create', 'demo dataset', 'seed', updated_at
from grid;

-- Leaders' inspection duties: each township's grid leader its township and the key enterprises and projects in
-- it; the chief every township. Three months of visits, most duties met each month, some not (so some are behind).
insert into inspection_duty (county_code, person_id, target_kind, target_code, target_name)
select '532327', p.id, 'township', t.code, t.name
from admin_unit t join person p on p.jurisdiction = t.code and p.role = 'leader' where t.level = 'township'
union all
select '532327', p.id, r.kind, r.id::text, r.name
from risk_point r join grid g on g.id = r.grid_id join person p on p.jurisdiction = left(g.code, 9) and p.role = 'leader'
where r.kind in ('enterprise', 'project')
union all
select '532327', p.id, 'township', t.code, t.name
from admin_unit t, person p where t.level = 'township' and p.role = 'chief';

insert into leader_inspection (county_code, duty_id, at, covert, note, recorded_by)
select '532327', d.id,
       date_trunc('month', current_setting('gw.anchor')::timestamptz) - make_interval(months => m)
         + make_interval(days => 1 + floor(seed.rnd('insp-day:' || d.id || ':' || m) * 25)::integer, hours => 10),
       seed.rnd('insp-covert:' || d.id || ':' || m) < 0.3, '例行检查', 'seed'
from inspection_duty d cross join generate_series(1, 3) m
where seed.rnd('insp:' || d.id || ':' || m) < 0.8;

drop schema seed cascade;
