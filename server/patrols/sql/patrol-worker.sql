-- The person a track belongs to and their own grid now: a patrol keeps the grid of its time (grid_id), so later
-- redrawing does not move old coverage. $1 person id
select p.id, p.role, p.jurisdiction, p.county_code, g.id as grid_id, g.code as grid_code
from person p
left join lateral (
  select id, code from grid where worker_id = p.id and retired_at is null order by id limit 1
) g on true
where p.id = $1
