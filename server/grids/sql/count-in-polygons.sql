-- Households and persons inside each of some polygons (proposals being adjusted). $1 GeoJSON polygons as a json array
select p.i - 1 as index, count(h.id)::int as households, coalesce(sum(h.persons), 0)::int as population
from json_array_elements($1::json) with ordinality as p(g, i)
cross join lateral (select st_setsrid(st_geomfromgeojson(p.g::text), 4326) as geom) x
left join household h on h.geom && x.geom and st_intersects(h.geom, x.geom)
group by p.i order by p.i
