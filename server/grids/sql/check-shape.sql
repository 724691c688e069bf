-- Whether a candidate is a valid polygon, and if not why and where (a bow-tie's crossing point), for the map.
-- $1 GeoJSON geometry
select d.valid, d.reason, st_asgeojson(d.location, 7)::json as location, geometrytype(x.g) as type
from (select st_setsrid(st_geomfromgeojson($1), 4326) as g) x, st_isvaliddetail(x.g) d
