-- Households: each residential or compound grid gets 10 to 20 (its group's households shared out evenly), placed
-- in a cluster around the grid's centre. Persons per household are 1 to 5 and add up exactly to the group's
-- population, so every level's population is the sum of the one below and townships keep their real 2020 figure.

create table seed.household_plan as
with hh_grids as (
  select g.id, g.group_code, row_number() over (partition by g.group_code order by g.code) as i,
         count(*) over (partition by g.group_code) as n
  from grid g where g.kind in ('residential', 'compound')
)
select h.id as grid_id, h.group_code,
       p.households / h.n + case when h.i <= p.households % h.n then 1 else 0 end as households
from hh_grids h join seed.group_plan p on p.code = h.group_code;

create table seed.hh as
with wanted as (
  select hp.grid_id, hp.group_code, hp.households, g.geom, c.centre
  from seed.household_plan hp join grid g on g.id = hp.grid_id join seed.grid_centre c on c.id = hp.grid_id
), candidates as (
  select w.grid_id, w.group_code, w.households, k, seed.jitter(w.centre, 70, 'hh:' || w.grid_id || ':' || k) as p, w.geom
  from wanted w, generate_series(1, 60) k
), inside as (
  select grid_id, group_code, households, p, row_number() over (partition by grid_id order by k) as n
  from candidates where st_intersects(p, geom)
), kept as (
  select grid_id, group_code, p, n from inside where n <= households
), short as (   -- a thin grid may reject most candidates; top it up with points anywhere inside it
  select w.grid_id, w.group_code, w.households - coalesce(count(k.p), 0) as missing, w.geom
  from wanted w left join kept k on k.grid_id = w.grid_id
  group by w.grid_id, w.group_code, w.households, w.geom having w.households > coalesce(count(k.p), 0)
)
select grid_id, group_code, p from kept
union all
select s.grid_id, s.group_code, d.geom
from short s, lateral st_dump(st_generatepoints(s.geom, s.missing::integer, seed.int_seed('hhfill:' || s.grid_id))) d;

alter table seed.hh add column id serial, add column persons integer;
update seed.hh set persons = 1 + floor(seed.rnd('persons:' || id) * 4.6)::integer;

-- Adjust persons by one here and there until each group adds up to its population.
with diff as (
  select h.group_code, g.population - sum(h.persons) as d, count(*) as n
  from seed.hh h join admin_unit g on g.code = h.group_code group by h.group_code, g.population
), ranked as (
  select h.id, d.d, d.n,
         row_number() over (partition by h.group_code
                            order by case when d.d > 0 then h.persons else -h.persons end, seed.rnd('adj:' || h.id)) as r
  from seed.hh h join diff d on d.group_code = h.group_code where d.d <> 0
)
update seed.hh h set persons = h.persons
  + sign(r.d)::integer * (abs(r.d)::integer / r.n::integer + case when r.r <= abs(r.d)::integer % r.n then 1 else 0 end)
from ranked r where r.id = h.id;

insert into household (county_code, grid_id, persons, geom)
select left(group_code, 6), grid_id, persons, p from seed.hh order by id;
