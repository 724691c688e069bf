-- The unit a hot-spot analysis runs over, so an unknown code is a 404 and a hexagon size too fine for the unit's
-- extent is refused before thousands of cells are built. A unit is an administrative unit or a live grid.
-- $1 unit code
select code, name, st_y(st_centroid(geom)) as lat,
       (st_xmax(geom_3857) - st_xmin(geom_3857)) * (st_ymax(geom_3857) - st_ymin(geom_3857)) as extent_area_3857
from admin_unit where code = $1
union all
select code, name, st_y(st_centroid(geom)), (st_xmax(geom_3857) - st_xmin(geom_3857)) * (st_ymax(geom_3857) - st_ymin(geom_3857))
from grid where code = $1 and retired_at is null
