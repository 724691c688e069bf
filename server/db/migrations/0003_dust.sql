-- What counts as dust when grids are compared with their group and each other: pieces left by floating point and
-- by snapping vertices to the register's 1e-7 degree grid, not land anyone could leave unwatched. A piece is dust
-- when it is small, or hair-thin: a sliver 1 km long and 1 cm wide covers 10 m² but is nobody's blind spot.
-- 2·area/perimeter is the width of a long thin sliver.
create function gw_is_dust(piece geometry, max_m2 double precision, max_width_m double precision) returns boolean
language sql immutable parallel safe as $$
  select st_area(piece::geography) <= max_m2
      or 2 * st_area(piece::geography) / nullif(st_perimeter(piece::geography), 0) <= max_width_m
$$;
