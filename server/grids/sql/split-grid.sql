-- The pieces a line cuts a grid into, largest first. $1 grid id, $2 GeoJSON line
select st_asgeojson(p.geom, 9) as geometry, st_area(p.geom::geography) as m2
from grid g, st_dump(st_split(g.geom, st_setsrid(st_geomfromgeojson($2), 4326))) p
where g.id = $1 and geometrytype(p.geom) = 'POLYGON'
order by m2 desc
