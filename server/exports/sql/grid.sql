-- A unit's live micro-grids for an export, in code order. Geometry as ISO WKB (parsed in the server, far cheaper
-- than GeoJSON text for a county); outer rings clockwise for a Shapefile (its specification), counter-clockwise
-- otherwise (RFC 7946). Timestamps are UTC ISO strings so every format writes the same text.
-- $1 unit or grid code, $2 whether outer rings run clockwise
select g.code, g.name, g.kind, g.group_code, g.version, p.name as worker, p.phone, g.households, g.population,
       st_asbinary(case when $2 then st_forcepolygoncw(g.geom) else st_forcepolygonccw(g.geom) end) as geom
from grid g left join person p on p.id = g.worker_id
where g.retired_at is null and g.county_code = left($1, 6) and g.code like $1 || '%'
order by g.code
