-- A risk point in the live grid holding it. $1 GeoJSON point, $2 kind, $3 level, $4 name, $5 interval days,
-- $6 attrs, $7 GeoJSON polygon of its extent or null, $8 actor
insert into risk_point (county_code, kind, level, name, grid_id, inspection_interval_days, attrs, geom, area, updated_by)
select g.county_code, $2, $3, $4, g.id, $5, $6::jsonb, p.geom,
       case when $7::text is null then null else st_setsrid(st_geomfromgeojson($7), 4326) end, $8
from (select st_setsrid(st_geomfromgeojson($1), 4326) as geom) p
join grid g on g.retired_at is null and g.geom && p.geom and st_intersects(g.geom, p.geom)
order by g.id limit 1
returning id, (select code from grid where id = grid_id) as grid_code
