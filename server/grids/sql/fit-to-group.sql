-- Fits a valid candidate polygon into its village group: the part outside the group and the overlaps with the
-- group's live grids (each with its area), not counting dust (gw_is_dust: under the area tolerance or thinner than
-- the width tolerance), and the polygon with all of that trimmed away, so edges drawn a hair off a neighbour's
-- become the neighbour's edge. The result is on the register's 1e-7 degree grid and in EWKB (hex): GeoJSON would
-- round the coordinates, and a rounded polygon may cross itself.
-- $1 GeoJSON polygon, $2 group code, $3 ids not counted as neighbours (the grid itself, a split's source),
-- $4 area tolerance in m², $5 width tolerance in m
with cand as (
  select st_setsrid(st_geomfromgeojson($1), 4326) as g
), grp as (
  select geom from admin_unit where code = $2 and level = 'group'
), neighbours as (
  select n.id, n.geom, st_collectionextract(st_intersection(n.geom, c.g), 3) as o
  from grid n, cand c
  where n.group_code = $2 and n.retired_at is null and n.id <> all($3::bigint[])
    and n.geom && c.g and st_intersects(n.geom, c.g)
), overlap_parts as (
  select n.id, d.geom from neighbours n, st_dump(n.o) d where not gw_is_dust(d.geom, $4, $5)
), overlap as (
  select st_union(geom) as o, array_agg(distinct id order by id) as ids from overlap_parts
), outside_parts as (
  select d.geom from cand c, grp, st_dump(st_collectionextract(st_difference(c.g, grp.geom), 3)) d
  where not gw_is_dust(d.geom, $4, $5)
), trimmed as (
  select st_collectionextract(st_reduceprecision(st_difference(st_intersection(c.g, grp.geom),
           coalesce((select st_union(geom) from neighbours), st_setsrid('POLYGON EMPTY'::geometry, 4326))),
           0.0000001), 3) as t
  from cand c, grp
), parts as (
  select p.geom, st_area(p.geom::geography) as m2, gw_is_dust(p.geom, $4, $5) as dust from trimmed, st_dump(trimmed.t) p
)
select coalesce((select sum(st_area(geom::geography)) from outside_parts), 0) as outside_m2,
       (select st_asgeojson(st_union(geom), 7)::json from outside_parts) as outside,
       coalesce(st_area(overlap.o::geography), 0) as overlap_m2, st_asgeojson(overlap.o, 7)::json as overlap,
       coalesce(overlap.ids, '{}') as neighbour_ids,
       (select encode(st_asewkb(geom), 'hex') from parts order by m2 desc limit 1) as fitted,
       (select coalesce(max(m2), 0) from parts) as fitted_m2,
       (select coalesce(sum(m2), 0) from parts where not dust) - (select coalesce(max(m2), 0) from parts) as scattered_m2
from overlap
