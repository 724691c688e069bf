-- What a disaster's footprint (grown by $2 metres, 0 for the footprint itself) covers, one row per affected live
-- grid in the caller's scope: the households and people in the area (not the whole grid), the risk points in it, and
-- who answers for the grid: its worker and the leaders of its group, village and township, with their phones.
-- Households outside every grid (gaps) come in one row with a null code so the totals stay whole.
-- "Within $2 metres" is the exact distance on the spheroid (ST_DWithin on geography), after a box test on the
-- footprint's envelope grown by more than $2 metres in degrees (a degree is over 99 km here), which keeps the
-- GiST indexes in use; with $2 = 0 it is plain intersection.
-- $1 disaster id, $2 buffer metres, $3 scope (code prefix)
with d as (
  select geom, geom::geography as geog, st_expand(geom, $2::float8 / 90000.0) as box from disaster where id = $1
), h as (
  select hh.grid_id, count(*) as households, sum(hh.persons) as people
  from household hh, d
  where hh.geom && d.box and case when $2::float8 > 0 then st_dwithin(hh.geom::geography, d.geog, $2::float8) else st_intersects(hh.geom, d.geom) end
  group by hh.grid_id
), r as (
  select rp.grid_id, count(*) as risk_points, count(*) filter (where rp.level in ('major', 'high')) as high_risk_points
  from risk_point rp, d
  where rp.retired_at is null and rp.geom && d.box
    and case when $2::float8 > 0 then st_dwithin(rp.geom::geography, d.geog, $2::float8) else st_intersects(rp.geom, d.geom) end
  group by rp.grid_id
), g as (
  select gg.id, gg.code, gg.name, gg.worker_id from grid gg, d
  where gg.retired_at is null and gg.code like $3 || '%' and gg.geom && d.box
    and case when $2::float8 > 0 then st_dwithin(gg.geom::geography, d.geog, $2::float8) else st_intersects(gg.geom, d.geom) end
)
select g.id as grid_id, g.code, g.name,
       coalesce(h.households, 0)::int as households, coalesce(h.people, 0)::int as people,
       coalesce(r.risk_points, 0)::int as risk_points, coalesce(r.high_risk_points, 0)::int as high_risk_points,
       w.name as worker, w.phone as worker_phone,
       (select json_build_object('name', p.name, 'phone', p.phone) from person p
         where p.role = 'leader' and p.jurisdiction = left(g.code, 15) order by p.id limit 1) as group_leader,
       (select json_build_object('name', p.name, 'phone', p.phone) from person p
         where p.role = 'leader' and p.jurisdiction = left(g.code, 12) order by p.id limit 1) as village_leader,
       (select json_build_object('name', p.name, 'phone', p.phone) from person p
         where p.role = 'leader' and p.jurisdiction = left(g.code, 9) order by p.id limit 1) as township_leader
from g
left join h on h.grid_id = g.id
left join r on r.grid_id = g.id
left join person w on w.id = g.worker_id
union all
select null, null, null, h.households::int, h.people::int, 0, 0, null, null, null, null, null
from h where h.grid_id is null and length($3) = 6
order by 2 nulls last
