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

drop schema seed cascade;
