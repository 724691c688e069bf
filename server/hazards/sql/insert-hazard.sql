-- A hazard reported at a point, attributed to the live grid holding it.
-- $1 GeoJSON point, $2 category, $3 severity, $4 description, $5 reporter person id, $6 found by, $7 deadline hours,
-- $8 risk point id, $9 now
insert into hazard (county_code, grid_id, risk_point_id, category, severity, status, description, reported_by,
                    reported_at, deadline, found_by, geom)
select g.county_code, g.id, $8, $2, $3, 'reported', $4, $5, $9::timestamptz, $9::timestamptz + make_interval(hours => $7), $6, p.geom
from (select st_setsrid(st_geomfromgeojson($1), 4326) as geom) p
join grid g on g.retired_at is null and g.geom && p.geom and st_intersects(g.geom, p.geom)
order by g.id limit 1
returning id, (select code from grid where id = grid_id) as grid_code
