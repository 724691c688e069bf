-- Administrative boundaries (public): county, townships, villages and groups, and one label point per unit (only in
-- the tile that holds it, so a name is drawn once, not once per tile the unit crosses). Groups only from z11 so a
-- county tile stays small. Shapes come generalised for the zoom band (admin_unit_generalised, migration 0018: each
-- level nests exactly in the next), the geometry itself from z13; a unit too small for the tile's 4096 grid is drawn
-- as a dot of 8 × 8 units (one pixel of a 512-pixel tile) rather than vanish. Label points have id code·10 + 1.
-- $1 z, $2 x, $3 y, $4 code prefix that scopes the rows ('' for all), $5 feature cap, $6 half a tile unit in metres
-- (the simplify tolerance, which sizes the dot)
with bounds as (
  select st_tileenvelope($1, $2, $3) as env, st_tileenvelope($1, $2, $3, margin => 64.0 / 4096) as wide
), units as (
  select a.* from admin_unit a
  where ($4 = '' or (a.county_code = left($4, 6) and a.code like $4 || '%')) and (a.level <> 'group' or $1 >= 11)
), shapes as (
  select a.code::bigint * 10 as id, a.code, a.name, a.name_en, a.level, a.population, a.households,
         coalesce(st_asmvtgeom(coalesce(s.geom_3857, a.geom_3857), b.env, 4096, 64, true),
                  st_asmvtgeom(st_expand(st_pointonsurface(coalesce(s.geom_3857, a.geom_3857)), 8 * $6::float8),
                               b.env, 4096, 64, true)) as geom
  from units a cross join bounds b
  left join admin_unit_generalised s on s.code = a.code and s.band = generalised_band($1)
  where a.geom_3857 && b.wide
  order by length(a.code)
  limit $5
), labels as (
  select a.code::bigint * 10 + 1 as id, a.code, a.name, a.name_en, a.level, a.population, a.households,
         st_asmvtgeom(a.label_3857, b.env, 4096, 0, true) as geom
  from units a, bounds b
  where a.label_3857 && b.env and st_intersects(a.label_3857, b.env)
), rows as (
  select * from shapes union all select * from labels
)
-- The feature count comes with the tile for free (same aggregate pass): metrics and the feature budget read it.
select st_asmvt(rows, 'admin_unit', 4096, 'geom', 'id') as mvt, count(*)::int4 as features from rows where geom is not null
