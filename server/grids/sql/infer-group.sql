-- The village group a drawn polygon belongs to: the one holding most of it. $1 GeoJSON polygon
select a.code from admin_unit a, (select st_setsrid(st_geomfromgeojson($1), 4326) as g) c
where a.level = 'group' and a.geom && c.g and st_intersects(a.geom, c.g)
order by st_area(st_intersection(a.geom, c.g)) desc limit 1
