-- A disaster's footprint, stored as a valid MultiPolygon: a point or line is buffered on the spheroid by $7 metres.
-- Refused (no row) unless the footprint touches the county. A polygon that is not valid is reported, not repaired:
-- a self-crossing drawing usually means a slip of the mouse, which the planner should see.
-- $1 county code, $2 kind, $3 occurred at, $4 description, $5 source, $6 GeoJSON geometry (WGS84), $7 buffer metres or
-- null, $8 created by
with input as (
  select st_setsrid(st_geomfromgeojson($6), 4326) as g
), shape as (
  select case when $7::numeric is null then st_multi(g)
              else st_multi(st_buffer(g::geography, $7::float8)::geometry) end as geom
  from input
)
insert into disaster (county_code, kind, occurred_at, description, source, buffer_m, created_by, geom)
select $1, $2, $3, $4, $5, $7, $8, s.geom
from shape s
where exists (select 1 from admin_unit u where u.code = $1 and u.geom && s.geom and st_intersects(u.geom, s.geom))
returning id
