-- Micro-grid polygons (public, as the county posts them): code, kind and the grid worker's name and duty phone;
-- household counts are not posted, so they are not here (the API gives them to actors whose jurisdiction covers
-- the grid). Below z12 only id, code and kind: names and phones are unreadable there and would triple a county tile.
-- Shapes come generalised for the zoom band (grid_generalised, migration 0018: neighbours keep identical boundaries),
-- the geometry itself from z13. A grid too small for the 4096 grid of the tile would vanish: it is drawn as a dot of
-- 8 × 8 units (one pixel of a 512-pixel tile) at a point inside it, so no grid disappears from a county view.
-- $1 z, $2 x, $3 y, $4 code prefix ('' for all), $5 feature cap, $6 half a tile unit in metres (the simplify
-- tolerance, which sizes the dot)
with bounds as (
  select st_tileenvelope($1, $2, $3) as env, st_tileenvelope($1, $2, $3, margin => 64.0 / 4096) as wide
), rows as (
  select g.id, g.code, g.kind,
         case when $1 >= 12 then g.name end as name, case when $1 >= 12 then g.group_code end as group_code,
         case when $1 >= 12 then p.name end as worker_name, case when $1 >= 12 then p.phone end as worker_phone,
         coalesce(st_asmvtgeom(coalesce(s.geom_3857, g.geom_3857), b.env, 4096, 64, true),
                  st_asmvtgeom(st_expand(st_pointonsurface(coalesce(s.geom_3857, g.geom_3857)), 8 * $6::float8),
                               b.env, 4096, 64, true)) as geom
  from grid g cross join bounds b left join person p on p.id = g.worker_id
  left join grid_generalised s on s.grid_id = g.id and s.band = generalised_band($1)
  where g.geom_3857 && b.wide and g.retired_at is null
    and ($4 = '' or (g.county_code = left($4, 6) and g.code like $4 || '%'))
  limit $5
)
-- The feature count comes with the tile for free (same aggregate pass): metrics and the feature budget read it.
select st_asmvt(rows, 'grid', 4096, 'geom', 'id') as mvt, count(*)::int4 as features from rows where geom is not null
