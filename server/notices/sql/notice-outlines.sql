-- The administrative outlines on a notice's map, and the village groups' leaders for the headings of the table:
-- the unit itself and, for a village, its groups. A grid's notice has none.
-- $1 unit code, $2 srid of the frame, $3 dx, $4 dy, $5 scale (as notice-grids.sql)
select a.code, a.level, a.name, p.name as leader_name, p.phone as leader_phone,
       st_assvg(st_transscale(st_transform(st_boundary(a.geom), $2::int), $3, $4, $5, $5), 0, 2) as path,
       round(st_x(l)::numeric, 2)::float8 as lx, round(-st_y(l)::numeric, 2)::float8 as ly
from admin_unit a
cross join lateral (select st_transscale(st_transform(st_pointonsurface(a.geom), $2::int), $3, $4, $5, $5) as l) lp
left join lateral (
  select name, phone from person where role = 'leader' and jurisdiction = a.code order by id limit 1
) p on true
where a.county_code = left($1, 6) and (a.code = $1 or (a.parent_code = $1 and a.level = 'group'))
order by a.code
