-- The frame of a notice's map: the extent of its live grids in the CGCS2000 3-degree Gauss-Krüger zone of their
-- centre (EPSG:4534 is the zone of 75°E, one SRID per 3°), the plane Chinese maps are drawn in, so the scale bar
-- is in true metres and grid north is true north to a fraction of a degree.
-- $1 unit or grid code
with g as (
  select geom from grid
  where retired_at is null and county_code = left($1, 6) and code like $1 || '%'
), zone as (
  select 4534 + round(st_x(st_centroid(st_extent(geom)::geometry)) / 3)::int - 25 as srid, count(*)::int as grids from g
)
select zone.srid, zone.grids,
       st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax
from zone, lateral (select st_extent(st_transform(geom, zone.srid)) as e from g) x
where zone.grids > 0
