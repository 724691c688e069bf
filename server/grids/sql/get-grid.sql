-- One grid (live or retired) with the names of the units above it and its worker, for the map's panel.
-- $1 grid id
select g.id, g.code, g.name, g.kind, g.group_code, grp.name as group_name, v.name as village_name,
       t.name as township_name, g.households, g.population, g.version, g.updated_at, g.updated_by, g.worker_id,
       g.retired_at,
       p.name as worker_name, p.phone as worker_phone, st_asgeojson(g.geom, 7)::json as geometry
from grid g
join admin_unit grp on grp.code = g.group_code
join admin_unit v on v.code = grp.parent_code
join admin_unit t on t.code = v.parent_code
left join person p on p.id = g.worker_id
where g.id = $1
