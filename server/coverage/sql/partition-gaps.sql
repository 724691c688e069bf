-- "No blind spots" (监管无盲区): the parts of the unit's village groups that no live micro-grid covers, the overlaps
-- between grids, and households in no grid. Groups whose grids add up to their area (within the tolerance) are
-- passed over without computing a difference, which keeps the whole county under a second.
-- Dust (gw_is_dust: smaller than the area tolerance or thinner than the width tolerance) is left out.
-- $1 unit code (6 to 15 digits), $2 area tolerance in m², $3 width tolerance in m
with grp as (
  select a.code, a.geom, st_area(a.geom::geography) as m2 from admin_unit a
  where a.level = 'group' and a.code like $1 || '%'
), cover as (
  select g.code, g.geom, g.m2, coalesce(sum(st_area(l.geom::geography)), 0) as grids_m2
  from grp g left join grid l on l.group_code = g.code and l.retired_at is null
  group by g.code, g.geom, g.m2
), gap_parts as (
  select c.code as group_code, d.geom
  from cover c
  cross join lateral (
    select st_union(l.geom) as u from grid l where l.group_code = c.code and l.retired_at is null
  ) u
  cross join lateral st_dump(st_collectionextract(st_difference(c.geom, coalesce(u.u, st_setsrid('POLYGON EMPTY'::geometry, 4326))), 3)) d
  where c.m2 - c.grids_m2 > $2 or c.grids_m2 - c.m2 > $2
), gaps as (
  select group_code, geom, st_area(geom::geography) as m2 from gap_parts
), grid_overlaps as (
  select array[a.id, b.id] as grid_ids, d.geom
  from grid a join grid b on b.group_code = a.group_code and a.id < b.id and a.geom && b.geom
  cross join lateral st_dump(st_collectionextract(st_intersection(a.geom, b.geom), 3)) d
  where a.code like $1 || '%' and a.retired_at is null and b.retired_at is null and st_overlaps(a.geom, b.geom)
)
select 'gap' as kind, group_code, null::bigint[] as grid_ids, m2, st_asgeojson(geom, 7)::json as geometry,
       (select count(*) from household h where h.geom && gaps.geom and st_intersects(h.geom, gaps.geom))::int as households
from gaps where not gw_is_dust(geom, $2, $3)
union all
select 'overlap', null, grid_ids, st_area(geom::geography), st_asgeojson(geom, 7)::json, null
from grid_overlaps where not gw_is_dust(geom, $2, $3)
