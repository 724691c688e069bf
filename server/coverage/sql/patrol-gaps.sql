-- Where nobody has patrolled within the last $2 days: for each live grid under the unit, the grid minus the union
-- of the covered parts stored for those days (patrol_coverage.covered: nothing is buffered here), with when it
-- was last patrolled. A grid with no patrol in the window is returned whole without any overlay. Pieces under
-- $4 m² are the dust of two boundaries a hair apart, not a gap. $1 unit prefix, $2 days, $3 time zone, $4 dust m²
with g as (
  select g.id, g.code, g.name, g.worker_id, g.geom from grid g
  where g.county_code = left($1, 6) and g.code like $1 || '%' and g.retired_at is null
), win as (
  select c.grid_id, st_union(c.covered) as covered, max(c.last_at) as last_at
  from patrol_coverage c join g on g.id = c.grid_id
  where c.day > (now() at time zone $3)::date - $2::int
  group by c.grid_id
), last as (
  select c.grid_id, max(c.last_at) as last_at from patrol_coverage c join g on g.id = c.grid_id group by c.grid_id
), gaps as (
  select g.id, g.code, g.name, g.worker_id, g.geom, win.grid_id is not null as patrolled, last.last_at,
         case when win.grid_id is null then g.geom
              else st_collectionextract(st_difference(g.geom, win.covered), 3) end as gap
  from g left join win on win.grid_id = g.id left join last on last.grid_id = g.id
)
select gaps.id as grid_id, gaps.code, gaps.name, p.name as worker_name, gaps.patrolled, gaps.last_at as last_patrolled_at,
       a.m2 as unvisited_m2, least(a.m2 / nullif(a.grid_m2, 0), 1) as unvisited_share, st_asgeojson(gaps.gap, 7)::json as geometry
from gaps
left join person p on p.id = gaps.worker_id
cross join lateral (select st_area(gaps.gap::geography) as m2,
                           case when gaps.patrolled then st_area(gaps.geom::geography) else st_area(gaps.gap::geography) end as grid_m2) a
where not st_isempty(gaps.gap) and a.m2 >= $4
order by gaps.code
