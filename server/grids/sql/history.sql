-- Every version of a grid, oldest first. $1 id
select version, action, reason, actor, at, kind, name, worker_id, code, group_code, st_asgeojson(geom, 7)::json as geometry
from grid_version where grid_id = $1 order by version
