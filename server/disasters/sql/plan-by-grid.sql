-- A verification plan of one task per affected grid in the caller's scope: the grid's households within the area
-- (the footprint grown by $2 metres), its part of the area, and its own worker as the assignee. Grids with neither
-- households nor risk points in the area are left out: there is nothing there to verify door to door.
-- "In the area" is the rule of impact.sql (exact distance on the spheroid); the task's drawn area is the grid's part
-- of the footprint buffered as a polygon, which is for the map only.
-- $1 disaster id, $2 buffer metres, $3 scope (code prefix)
with d as (
  select geom, geom::geography as geog, st_expand(geom, $2::float8 / 90000.0) as box,
         case when $2::float8 > 0 then st_buffer(geom::geography, $2::float8)::geometry else geom end as area
  from disaster where id = $1
), g as (
  select gg.id, gg.code, gg.worker_id, gg.geom from grid gg, d
  where gg.retired_at is null and gg.code like $3 || '%' and gg.geom && d.box
    and case when $2::float8 > 0 then st_dwithin(gg.geom::geography, d.geog, $2::float8) else st_intersects(gg.geom, d.geom) end
), h as (
  select hh.id, hh.grid_id, hh.geom from household hh join g on g.id = hh.grid_id, d
  where case when $2::float8 > 0 then st_dwithin(hh.geom::geography, d.geog, $2::float8) else st_intersects(hh.geom, d.geom) end
), r as (
  select distinct rp.grid_id from risk_point rp join g on g.id = rp.grid_id, d
  where rp.retired_at is null
    and case when $2::float8 > 0 then st_dwithin(rp.geom::geography, d.geog, $2::float8) else st_intersects(rp.geom, d.geom) end
)
select g.id as grid_id, g.code, g.worker_id,
       st_asgeojson(st_multi(st_collectionextract(st_intersection(g.geom, d.area), 3)), 7)::json as geometry,
       coalesce((select json_agg(json_build_array(h.id, st_x(h.geom), st_y(h.geom)) order by h.id) from h where h.grid_id = g.id), '[]') as households
from g, d
where exists (select 1 from h where h.grid_id = g.id) or exists (select 1 from r where r.grid_id = g.id)
order by g.code
