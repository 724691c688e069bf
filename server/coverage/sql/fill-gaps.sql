-- Fills the gap cache (patrol_gap, migration 0016) for the live grids under a unit that have no row for this window
-- and day, or only one older than the grid's last edit: the grid minus the union of the covered parts stored for
-- the window's days (patrol_coverage.covered: nothing is buffered here). A grid with no patrol in the window is its
-- whole self. Pieces under $4 m² are the dust of two boundaries a hair apart, not a gap. Safe to run twice at once.
-- $1 unit prefix, $2 days, $3 as_of (local today; days in patrol_coverage are local days), $4 dust m²
with g as (
  select g.id, g.county_code, g.geom from grid g
  where g.county_code = left($1, 6) and g.code like $1 || '%' and g.retired_at is null
    and not exists (select 1 from patrol_gap c where c.grid_id = g.id and c.days = $2 and c.as_of = $3 and c.computed_at >= g.updated_at)
), win as (
  select c.grid_id, st_unaryunion(st_collect(c.covered)) as covered
  from patrol_coverage c join g on g.id = c.grid_id
  where c.day > $3::date - $2::int and c.day <= $3::date
  group by c.grid_id
), last as (
  select c.grid_id, max(c.last_at) as last_at from patrol_coverage c join g on g.id = c.grid_id group by c.grid_id
), gaps as (
  select g.id, g.county_code, g.geom, win.grid_id is not null as patrolled, last.last_at,
         case when win.grid_id is null then g.geom
              else st_collectionextract(st_difference(g.geom, win.covered), 3) end as gap
  from g left join win on win.grid_id = g.id left join last on last.grid_id = g.id
)
insert into patrol_gap (grid_id, county_code, days, as_of, patrolled, last_at, gap, unvisited_m2, unvisited_share)
select gaps.id, gaps.county_code, $2, $3, gaps.patrolled, gaps.last_at,
       case when a.m2 >= $4 then st_multi(gaps.gap) end, a.m2, least(a.m2 / nullif(a.grid_m2, 0), 1)
from gaps
cross join lateral (select case when st_isempty(gaps.gap) then 0 else st_area(gaps.gap::geography) end as m2,
                           st_area(gaps.geom::geography) as grid_m2) a
on conflict (grid_id, days, as_of) do update set patrolled = excluded.patrolled, last_at = excluded.last_at, gap = excluded.gap,
  unvisited_m2 = excluded.unvisited_m2, unvisited_share = excluded.unvisited_share, computed_at = now()
