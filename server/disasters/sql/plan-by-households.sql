-- A verification plan by a target number of households per team: the affected households in the caller's grids
-- (within $2 metres by the rule of impact.sql) clustered by k-means into ceil(n / target) spatially compact groups; each task's area is its households' hull
-- grown by 30 m so it can be seen and clicked on the map.
-- $1 disaster id, $2 buffer metres, $3 scope (code prefix), $4 households per task
with d as (
  select geom, geom::geography as geog, st_expand(geom, $2::float8 / 90000.0) as box from disaster where id = $1
), h as (
  select hh.id, hh.geom from household hh join grid g on g.id = hh.grid_id, d
  where g.code like $3 || '%' and hh.geom && d.box
    and case when $2::float8 > 0 then st_dwithin(hh.geom::geography, d.geog, $2::float8) else st_intersects(hh.geom, d.geom) end
), k as (
  select h.*, st_clusterkmeans(h.geom, greatest(1, ceil((select count(*) from h)::numeric / $4)::int)) over () as cluster from h
)
select cluster,
       st_asgeojson(st_multi(st_buffer(st_convexhull(st_collect(geom))::geography, 30)::geometry), 7)::json as geometry,
       json_agg(json_build_array(id, st_x(geom), st_y(geom)) order by id) as households
from k group by cluster
order by min(st_x(geom)), cluster
