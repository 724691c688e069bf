-- The grids a warning reaches, with their worker and phone as of now: live grids in the issuer's jurisdiction with
-- at least 1% of their area inside the warning area. The share, not a mere touch, decides: a grid that only shares
-- a boundary with the area (a neighbouring township's) is not warned.
-- $1 warning id, $2 jurisdiction (code prefix)
insert into warning_recipient (county_code, warning_id, grid_id, grid_code, person_id, name, phone)
select w.county_code, w.id, g.id, g.code, p.id, p.name, p.phone
from warning w
join grid g on g.retired_at is null and g.code like $2 || '%' and g.geom && w.geom and st_intersects(g.geom, w.geom)
left join person p on p.id = g.worker_id
where w.id = $1
  and st_area(st_intersection(g.geom, w.geom)) >= 0.01 * st_area(g.geom)
returning grid_id
