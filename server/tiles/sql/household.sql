-- Households (signed-in only, within the actor's jurisdiction): below z14 clustered, from z14 one feature each.
-- $1 z, $2 x, $3 y, $4 code prefix of the actor's jurisdiction, $5 feature cap
--
-- Clusters: the world is cut into square cells, 8 to a tile side (64 px of a 512 px tile), counted from the
-- Web Mercator origin so a point's cell, and so its tile, depends only on the point (one tile holds each point, none
-- twice, whatever the batching). A cell's households become one point at their mean position (inside the cell, so
-- inside the tile) with point_count and persons, without an id; a cell holding one household sends it as itself.
-- Only rows inside the tile count, so the clip buffer's purge margin still covers every row a tile depends on.
with bounds as (
  select st_tileenvelope($1, $2, $3) as env, st_tileenvelope($1, $2, $3, margin => 64.0 / 4096) as wide,
         -- cell side in metres: the world's width over 8 · 2^z cells
         40075016.685578488 / (8 * 2 ^ $1::int) as cell, $1::int < 14 as clustered
), scoped as (
  select h.id, h.persons, g.code as grid_code, h.geom_3857,
         -- read once here: every later use would unpack the geometry again
         st_x(h.geom_3857) as px, st_y(h.geom_3857) as py
  from household h cross join bounds b left join grid g on g.id = h.grid_id
  -- with the buffer even when clustering: the cells below then say exactly which tile a point on an edge is in
  where h.geom_3857 && b.wide
    and h.county_code = left($4, 6) and (g.code like $4 || '%'
         -- in no grid (left in a gap by an edit): shown to those whose unit holds it
         or (g.id is null and exists (select 1 from admin_unit u where u.code = $4 and st_intersects(u.geom, h.geom))))
), plain as (
  select s.id, s.persons, s.grid_code, null::int4 as point_count, st_asmvtgeom(s.geom_3857, b.env, 4096, 64, true) as geom
  from scoped s cross join bounds b
  where not b.clustered
  limit $5
), cells as (
  select floor((s.px + 20037508.342789244) / b.cell) as cx,
         floor((20037508.342789244 - s.py) / b.cell) as cy, s.*
  from scoped s cross join bounds b
  where b.clustered
), clusters as (
  select case when n = 1 then id end as id, persons, case when n = 1 then grid_code end as grid_code,
         case when n > 1 then n end as point_count,
         st_asmvtgeom(st_setsrid(st_makepoint(mx, my), 3857), b.env, 4096, 64, true) as geom
  from (
    -- min() of a column is the household's own value when the cell holds one household
    select count(*)::int4 as n, min(c.id) as id, sum(c.persons)::int4 as persons, min(c.grid_code) as grid_code,
           avg(c.px) as mx, avg(c.py) as my
    from cells c
    -- the cells of this tile only (8 to a side): a point on the edge between two tiles belongs to one of them
    where c.cx >= $2::int * 8 and c.cx < $2::int * 8 + 8 and c.cy >= $3::int * 8 and c.cy < $3::int * 8 + 8
    group by c.cx, c.cy
    limit $5
  ) cell cross join bounds b
), rows as (
  select * from plain union all select * from clusters
)
-- The feature count comes with the tile for free (same aggregate pass): metrics and the feature budget read it.
select st_asmvt(rows, 'household', 4096, 'geom', 'id') as mvt, count(*)::int4 as features from rows where geom is not null
