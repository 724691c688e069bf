-- Live grids under a unit as a planner downloads them (public fields only: no household or population counts).
-- Full precision, so a file exported and imported again matches the stored edges exactly and adds no versions;
-- outer rings clockwise for a Shapefile (its specification), counter-clockwise for GeoJSON (RFC 7946).
-- $1 unit or grid code, $2 whether outer rings run clockwise
select g.code, g.name, g.kind, g.group_code, g.version, p.name as worker, p.phone,
       st_asgeojson(case when $2 then st_forcepolygoncw(g.geom) else st_forcepolygonccw(g.geom) end, 15)::json as geometry
from grid g left join person p on p.id = g.worker_id
where g.retired_at is null and g.county_code = left($1, 6) and g.code like $1 || '%'
order by g.code
