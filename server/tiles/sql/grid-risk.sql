-- The four-colour risk map (红橙黄蓝) as grid polygons, signed-in only, within the actor's jurisdiction; the rule
-- is the grid_risk view (migration 0005).
-- Shapes as in grid.sql: generalised for the zoom band, and a grid too small for the tile grid drawn as a dot.
-- $1 z, $2 x, $3 y, $4 code prefix of the actor's jurisdiction, $5 feature cap, $6 half a tile unit in metres (the
-- simplify tolerance, which sizes the dot)
with bounds as (
  select st_tileenvelope($1, $2, $3) as env, st_tileenvelope($1, $2, $3, margin => 64.0 / 4096) as wide
), rows as (
  select g.id, r.colour, r.risk_points, r.open_hazards, r.overdue_hazards, r.major_open,
         coalesce(st_asmvtgeom(coalesce(s.geom_3857, g.geom_3857), b.env, 4096, 64, true),
                  st_asmvtgeom(st_expand(st_pointonsurface(coalesce(s.geom_3857, g.geom_3857)), 8 * $6::float8),
                               b.env, 4096, 64, true)) as geom
  from grid g cross join bounds b join grid_risk r on r.grid_id = g.id
  left join grid_generalised s on s.grid_id = g.id and s.band = generalised_band($1)
  where g.geom_3857 && b.wide and g.retired_at is null and g.county_code = left($4, 6) and g.code like $4 || '%'
  limit $5
)
-- The feature count comes with the tile for free (same aggregate pass): metrics and the feature budget read it.
select st_asmvt(rows, 'grid_risk', 4096, 'geom', 'id') as mvt, count(*)::int4 as features from rows where geom is not null
