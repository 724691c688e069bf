-- Micro-grids: exactly 4,776, each a cell of one village group. Households (33,642 in all, shared out by group
-- population) sit in residential grids of 10 to 20 each, as the county's rule says; the remaining grids hold
-- businesses, markets, parks and construction projects. Cells nearest the group's settlement are the household
-- grids, so settlements are cut finely and the hills around them fall to the outer grids.

create table seed.group_plan as
with g as (
  select code, population, row_number() over (order by code) as i from admin_unit where level = 'group'
), hh as (
  select seed.apportion(33642, array_agg(population::double precision order by code), 10) as h from g
), with_h as (
  select g.code, g.population, g.i, hh.h[g.i] as households from g, hh
), with_r as (
  select *, least(greatest(round(households / 14.0)::integer, ceil(households / 20.0)::integer),
                  floor(households / 10.0)::integer) as residential
  from with_h
), other as (
  select seed.apportion(4776 - (select sum(residential) from with_r)::integer,
                        array_agg(population::double precision order by code), 0) as e
  from with_r
)
select r.code, r.households, r.residential, o.e[r.i] as other from with_r r, other o;

create table seed.grid_cell as
select gp.code as group_code, p.idx, s.seeds[p.idx] as centre, p.geom, gp.residential, gp.households
from seed.group_plan gp
join admin_unit g on g.code = gp.code
join seed.centre gc on gc.code = gp.code
cross join lateral (select seed.kmeans_seeds(g.geom, gp.residential + gp.other, 'grid:' || gp.code, gc.p, 0.75, 350)
                    as seeds) s
cross join lateral seed.partition(g.geom, s.seeds) p;

-- A grid is one polygon: where a cell came out in pieces that do not touch, it keeps its largest piece.
update seed.grid_cell set geom = (select d.geom from st_dump(geom) d order by st_area(d.geom) desc limit 1)
where geometrytype(geom) <> 'POLYGON';

insert into grid (code, county_code, name, group_code, kind, geom, updated_by)
select c.group_code || lpad(c.idx::text, 2, '0'), left(c.group_code, 6),
       g.name || c.idx || '号网格', c.group_code,
       case when c.idx > c.residential then 'enterprise'
            when substr(c.group_code, 10, 1) = '0' then 'compound'   -- groups of an urban community
            else 'residential' end,
       c.geom, 'seed'
from seed.grid_cell c join admin_unit g on g.code = c.group_code;

-- Dedicated grids among the non-household ones: one market near the centre of about half the villages, an
-- industrial park of three grids by the county seat, and the 24 key construction projects.
update grid set kind = 'market' where id in (
  select distinct on (left(g.group_code, 12)) g.id
  from grid g join seed.centre c on c.code = left(g.group_code, 12)
  where g.kind = 'enterprise' and seed.rnd('market:' || left(g.group_code, 12)) < 0.5
  order by left(g.group_code, 12), g.geom <-> c.p);

update grid set kind = 'park' where id in (
  select g.id from grid g, seed.centre c
  where c.code = '532327101' and g.kind = 'enterprise' and g.code like '532327101%'
  order by g.geom <-> c.p limit 3);

update grid set kind = 'project' where id in (
  select id from grid where kind = 'enterprise' order by seed.rnd('project:' || code) limit 24);

create table seed.grid_centre as
select g.id, c.centre from grid g join seed.grid_cell c on g.code = c.group_code || lpad(c.idx::text, 2, '0');
