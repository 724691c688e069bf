-- The grid an imported feature names by its code, and whether the feature leaves its shape as it is: a file
-- exported, edited in a few places and imported again must add versions only to the grids that changed.
-- $1 grid code, $2 GeoJSON polygon (WGS84), $3 how far a vertex may move, in degrees, and still be the same shape
select id, group_code, kind, name, worker_id, version, retired_at is not null as retired,
       st_hausdorffdistance(geom, st_setsrid(st_geomfromgeojson($2), 4326)) <= $3 as same_shape
from grid where code = $1
