-- The rows of a notice and the shapes of its map: every live grid under the code with its grid worker's name and
-- duty phone (the public facts the map shows signed out), drawn in the page's frame (millimetres, y down, as SVG).
-- $1 unit or grid code, $2 srid of the frame, $3 dx, $4 dy (metres, added first), $5 scale (mm per metre)
select g.code, g.name, g.kind, g.group_code, p.name as worker_name, p.phone as worker_phone,
       st_assvg(st_transscale(st_transform(g.geom, $2::int), $3, $4, $5, $5), 0, 2) as path,
       round(st_x(l)::numeric, 2)::float8 as lx, round(-st_y(l)::numeric, 2)::float8 as ly
from grid g
left join person p on p.id = g.worker_id
cross join lateral (select st_transscale(st_transform(st_pointonsurface(g.geom), $2::int), $3, $4, $5, $5) as l) lp
where g.retired_at is null and g.county_code = left($1, 6) and g.code like $1 || '%'
order by g.code
