-- Polygons for proposed grids: each household's Voronoi cell within the group joins its proposal, so a boundary
-- never cuts a household off from its grid and the land between settlements goes to the nearest households.
-- A proposal cut in pieces by the group's shape keeps the piece with most of its households; the others join the
-- proposal they share most border with.
-- $1 group code, $2 household ids, $3 proposal index of each
with grp as (
  select geom from admin_unit where code = $1
), pts as (
  select h.id, h.geom, l.idx from household h join unnest($2::bigint[], $3::integer[]) as l(id, idx) on l.id = h.id
), cells as (
  select (st_dump(st_voronoipolygons(st_collect(p.geom), 0, (select geom from grp)))).geom as cell from pts p
), owned as (
  select (select p.idx from pts p where st_intersects(c.cell, p.geom) order by p.id limit 1) as idx,
         st_collectionextract(st_intersection(c.cell, grp.geom), 3) as g
  from cells c, grp
), per_idx as (
  select idx, st_union(g) as g from owned where idx is not null group by idx
), pieces as (
  select p.idx, d.geom, (select count(*) from pts where pts.idx = p.idx and st_intersects(pts.geom, d.geom)) as n,
         row_number() over () as pid
  from per_idx p, st_dump(p.g) d
), main as (
  select distinct on (idx) pid from pieces order by idx, n desc, st_area(geom) desc
), placed as (
  select p.pid, p.geom, case when p.pid in (select pid from main) then p.idx else (
    select q.idx from pieces q where q.pid in (select pid from main) and st_intersects(q.geom, p.geom)
    order by st_length(st_intersection(st_boundary(q.geom), st_boundary(p.geom))) desc, q.idx limit 1) end as idx
  from pieces p
)
select idx, st_asgeojson(st_union(geom), 9)::json as geometry, geometrytype(st_union(geom)) as type,
       st_area(st_union(geom)::geography) as area_m2
from placed where idx is not null group by idx order by idx
