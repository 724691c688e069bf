-- The pieces a line cuts a grid into, largest first. $1 grid id, $2 GeoJSON line
select encode(st_asewkb(r.geom), 'hex') as ewkb, st_asgeojson(r.geom, 7)::json as geometry, st_area(r.geom::geography) as m2
from grid g, st_dump(st_split(g.geom, st_setsrid(st_geomfromgeojson($2), 4326))) p,
     -- new vertices along the cut go onto the register's 1e-7 degree grid; both pieces share them
     lateral (select st_reduceprecision(p.geom, 0.0000001) as geom) r
where g.id = $1 and geometrytype(r.geom) = 'POLYGON'
order by m2 desc
