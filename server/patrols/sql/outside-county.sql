-- Which points (0-based, in the order sent) lie more than $3 metres outside the county: such fixes are noise, not
-- patrols. The outline is simplified (by far less than the buffer), buffered once per upload in Web Mercator with
-- the radius divided by cos(latitude) so it stays in metres, and brought back to WGS84, so each point is one
-- prepared point-in-polygon test rather than a distance to a long outline.
-- $1 lon[], $2 lat[], $3 buffer (m), $4 county code
with area as materialized (
  select st_transform(st_buffer(st_simplify(geom_3857, 50), $3 / cos(radians(st_y(st_centroid(geom))))), 4326) as buf
  from admin_unit where code = $4 and level = 'county'
)
select coalesce(array_agg(u.i - 1), '{}') as outside
from unnest($1::float8[], $2::float8[]) with ordinality as u(x, y, i) cross join area a
where not st_intersects(a.buf, st_setsrid(st_makepoint(u.x, u.y), 4326))
