-- Administrative units: the real county outline, then synthetic townships, villages and village groups that
-- partition it exactly, each level nested in the one above. Codes and names of townships and villages are real.

insert into admin_unit (code, county_code, level, name, name_en, parent_code, population, geom)
select code, code, 'county', name, name_en, null, (select sum(population) from seed.real_township), st_multi(geom)
from seed.real_county;

-- Townships: Voronoi cells around k-means centres of the county, the first (the one nearest the county seat) moved
-- onto the seat of 永定镇; a township whose seat is known keeps it as its centre.
create table seed.centre (code text primary key, p geometry not null);
insert into seed.centre
select t.code, coalesce(t.seat, s.seeds[t.i])
from seed.real_county c
cross join lateral (select seed.kmeans_seeds(c.geom, 7, 'township', (select seat from seed.real_township
                                                                    where code = c.code || '101'), 0.15, 5000) as seeds) s
join (select row_number() over (order by code) as i, * from seed.real_township) t on true;

insert into admin_unit (code, county_code, level, name, name_en, parent_code, population, geom)
select t.code, c.code, 'township', t.name, t.name_en, c.code, t.population, st_multi(p.geom)
from seed.real_county c
cross join lateral seed.partition(c.geom, (select array_agg(tc.p order by tc.code) from seed.centre tc)) p
join (select row_number() over (order by code) as i, * from seed.real_township) t on t.i = p.idx;

-- Villages: k-means cells in each township, denser around the seat; the communities (社区, codes below 200)
-- take the cells nearest the seat. Populations: synthetic shares of the real township population.
create table seed.village_cell as
select v.code, v.name, v.township_code, p.geom, s.seeds[p.idx] as centre
from admin_unit t
join seed.centre tc on tc.code = t.code
cross join lateral (select count(*)::integer as n from seed.real_village where township_code = t.code) vn
cross join lateral (select seed.kmeans_seeds(t.geom, vn.n, 'village:' || t.code, tc.p, 0.35, 2500) as seeds) s
cross join lateral seed.partition(t.geom, s.seeds) p
join (select row_number() over (partition by township_code order by code) as i, * from seed.real_village) v
  on v.township_code = t.code and v.i = p.idx
where t.level = 'township';

insert into seed.centre select code, centre from seed.village_cell;

with weights as (
  select v.code, v.township_code, t.population,
         (0.6 + 0.8 * seed.rnd('vpop:' || v.code)) * (case when substr(v.code, 10, 1) = '0' then 2.5 else 1 end) as w,
         row_number() over (partition by v.township_code order by v.code) as i
  from seed.village_cell v join admin_unit t on t.code = v.township_code
), shares as (
  select township_code, seed.apportion(max(population), array_agg(w order by code), 200) as pops
  from weights group by township_code
)
insert into admin_unit (code, county_code, level, name, parent_code, population, geom)
select v.code, left(v.code, 6), 'village', v.name, v.township_code, s.pops[w.i], st_multi(v.geom)
from seed.village_cell v
join weights w on w.code = v.code
join shares s on s.township_code = v.township_code;

-- Village groups: 705 in all, shared out by village population; each group a k-means cell of its village.
create table seed.group_count as
with villages as (
  select code, population, row_number() over (order by code) as i from admin_unit where level = 'village'
), counts as (
  select seed.apportion(705, array_agg(population::double precision order by code), 3) as n from villages
)
select v.code, c.n[v.i] as n from villages v, counts c;

create table seed.group_cell as
select v.code as village_code, v.code || lpad(p.idx::text, 3, '0') as code, p.geom, s.seeds[p.idx] as centre, p.idx
from admin_unit v
join seed.group_count gc on gc.code = v.code
join seed.centre vc on vc.code = v.code
cross join lateral (select seed.kmeans_seeds(v.geom, gc.n, 'group:' || v.code, vc.p, 0.3, 1200) as seeds) s
cross join lateral seed.partition(v.geom, s.seeds) p
where v.level = 'village';

insert into seed.centre select code, centre from seed.group_cell;

with weights as (
  select g.code, g.village_code, g.idx, 0.7 + 0.6 * seed.rnd('gpop:' || g.code) as w from seed.group_cell g
), shares as (
  select village_code, seed.apportion(max(v.population), array_agg(w order by w.code), 30) as pops
  from weights w join admin_unit v on v.code = w.village_code group by village_code
)
insert into admin_unit (code, county_code, level, name, parent_code, population, geom)
select g.code, left(g.code, 6), 'group',
       v.name || seed.cn_number(g.idx::integer) || '组',
       g.village_code, s.pops[g.idx], st_multi(g.geom)
from seed.group_cell g
join admin_unit v on v.code = g.village_code
join shares s on s.village_code = g.village_code;

-- Every vertex on a 1e-7 degree grid (about a centimetre): what the API sends out at 7 decimals is then exactly
-- what is stored, so a boundary read, edited and sent back does not turn invalid by rounding. Neighbours share
-- their vertices, so they snap alike; ST_ReducePrecision keeps the result valid.
update admin_unit set geom = st_multi(st_collectionextract(st_reduceprecision(geom, 0.0000001), 3));
