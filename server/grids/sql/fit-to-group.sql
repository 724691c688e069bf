-- Fits a valid candidate polygon into its village group: the part outside the group and the overlaps with the
-- group's live grids (each with its area), and the polygon with whatever is under the tolerance trimmed away,
-- so edges drawn a hair off a neighbour's become the neighbour's edge.
-- $1 GeoJSON polygon, $2 group code, $3 ids not counted as neighbours (the grid itself, a split's source),
-- $4 tolerance in m²
with cand as (
  select st_setsrid(st_geomfromgeojson($1), 4326) as g
), grp as (
  select geom from admin_unit where code = $2 and level = 'group'
), neighbours as (
  select n.id, n.geom, st_collectionextract(st_intersection(n.geom, c.g), 3) as o
  from grid n, cand c
  where n.group_code = $2 and n.retired_at is null and n.id <> all($3::bigint[])
    and n.geom && c.g and st_intersects(n.geom, c.g)
), overlap as (
  select st_union(o) as o, array_agg(id order by id) filter (where st_area(o::geography) > $4) as ids,
         st_union(geom) as taken
  from neighbours
), outside as (
  select st_collectionextract(st_difference(c.g, grp.geom), 3) as d from cand c, grp
), trimmed as (
  select st_collectionextract(st_difference(st_intersection(c.g, grp.geom),
                                            coalesce(overlap.taken, st_setsrid('POLYGON EMPTY'::geometry, 4326))), 3) as t
  from cand c, grp, overlap
), parts as (
  select p.geom, st_area(p.geom::geography) as m2 from trimmed, st_dump(trimmed.t) p
)
select coalesce(st_area(outside.d::geography), 0) as outside_m2, st_asgeojson(outside.d, 7)::json as outside,
       coalesce(st_area(overlap.o::geography), 0) as overlap_m2, st_asgeojson(overlap.o, 7)::json as overlap,
       coalesce(overlap.ids, '{}') as neighbour_ids,
       (select st_asgeojson(geom, 9) from parts order by m2 desc limit 1) as fitted,
       (select coalesce(max(m2), 0) from parts) as fitted_m2,
       (select coalesce(sum(m2) - max(m2), 0) from parts) as scattered_m2
from outside, overlap
