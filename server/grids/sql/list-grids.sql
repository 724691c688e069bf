-- Live grids for the map or a planner's view: within a WGS84 bbox and/or under a unit code (public data only).
-- The bbox is turned into a geometry once and compared with the indexed column, never the reverse.
-- $1 bbox west, $2 south, $3 east, $4 north (all null for no bbox), $5 code prefix ('' for all), $6 limit
select g.id, g.code, g.name, g.kind, g.group_code, g.households, g.population, g.version, g.updated_at, g.worker_id,
       p.name as worker_name, p.phone as worker_phone, st_asgeojson(g.geom, 7)::json as geometry
from grid g left join person p on p.id = g.worker_id
where g.retired_at is null
  and ($1::float8 is null or g.geom && st_makeenvelope($1, $2, $3, $4, 4326))
  and ($5 = '' or (g.county_code = left($5, 6) and g.code like $5 || '%'))
order by g.code
limit $6
