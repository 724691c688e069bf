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

-- Cutting leaves crumbs: hair-thin slivers between a group's edge and its cells (vertices a few nanodegrees apart),
-- and the pieces dropped above. Each joins the cell it shares most border with, so the grids cover the group.
create table seed.crumb as
select c.group_code, d.geom
from admin_unit g
cross join lateral (select st_union(geom) as u from seed.grid_cell where group_code = g.code) u
cross join lateral st_dump(st_collectionextract(st_difference(g.geom, u.u), 3)) d
join (select distinct group_code from seed.grid_cell) c on c.group_code = g.code
where g.level = 'group'
  -- anything larger is not a crumb but a cell the union mislaid; filling it would overlap that cell
  and st_area(d.geom::geography) < 5000;

create table seed.crumb_owner as
select k.geom, (select c.idx from seed.grid_cell c
                where c.group_code = k.group_code and st_intersects(c.geom, k.geom)
                order by st_length(st_intersection(st_boundary(c.geom), st_boundary(k.geom))) desc, c.idx limit 1) as idx,
       k.group_code
from seed.crumb k;

create table seed.healed as
select c2.group_code, c2.idx, st_makevalid(st_union(c2.geom, st_union(o.geom))) as geom
from seed.grid_cell c2 join seed.crumb_owner o on o.group_code = c2.group_code and o.idx = c2.idx
group by c2.group_code, c2.idx, c2.geom;

-- A union that came out in pieces, or that swallowed a neighbour (GEOS can drop a hair-thin hole), is not taken.
update seed.grid_cell c set geom = h.geom
from seed.healed h
where h.group_code = c.group_code and h.idx = c.idx and geometrytype(h.geom) = 'POLYGON'
  and not exists (select 1 from seed.grid_cell o
                  where o.group_code = h.group_code and o.idx <> h.idx and o.geom && h.geom
                    and st_area(st_collectionextract(st_intersection(o.geom, h.geom), 3)::geography) > 0.5);

-- Whatever the unions above let stick out (GEOS rounds differently per operation), a grid ends inside its group,
-- with its vertices on the same 1e-7 degree grid as the units (see 02-admin).
update seed.grid_cell c
set geom = (select d.geom
            from st_dump(st_collectionextract(st_reduceprecision(st_intersection(c.geom, g.geom), 0.0000001), 3)) d
            order by st_area(d.geom) desc limit 1)
from admin_unit g
where g.code = c.group_code;

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
