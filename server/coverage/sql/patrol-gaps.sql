-- The gaps of a window as the map shows them, read from the cache (fill-gaps.sql runs first): every live grid under
-- the unit with its unvisited part, whether it was patrolled at all in the window, and its last patrol.
-- The parts are simplified by $4 degrees for the scale of the unit (topology kept, so holes stay holes).
-- $1 unit prefix, $2 days, $3 as_of (local today), $4 simplification tolerance (degrees, 0 for none)
select g.id as grid_id, g.code, g.name, p.name as worker_name, c.patrolled, c.last_at as last_patrolled_at,
       c.unvisited_m2, c.unvisited_share, st_asgeojson(case when $4::float8 > 0 then st_simplifypreservetopology(c.gap, $4::float8) else c.gap end, 6)::json as geometry
from grid g
join patrol_gap c on c.grid_id = g.id and c.days = $2 and c.as_of = $3
left join person p on p.id = g.worker_id
where g.county_code = left($1, 6) and g.code like $1 || '%' and g.retired_at is null and c.gap is not null
order by g.code
