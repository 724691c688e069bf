-- Risk points (signed-in only, within the actor's jurisdiction); the most serious first when the cap bites.
-- $1 z, $2 x, $3 y, $4 code prefix of the actor's jurisdiction, $5 feature cap
with bounds as (
  select st_tileenvelope($1, $2, $3) as env, st_tileenvelope($1, $2, $3, margin => 64.0 / 4096) as wide
), rows as (
  select r.id, r.kind, r.level, r.name, g.code as grid_code, r.inspection_interval_days,
         to_char(r.last_inspected_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last_inspected_at,
         st_asmvtgeom(r.geom_3857, b.env, 4096, 64, true) as geom
  from risk_point r cross join bounds b left join grid g on g.id = r.grid_id
  where r.geom_3857 && b.wide and r.retired_at is null and r.county_code = left($4, 6) and (g.code like $4 || '%'
         -- in no grid (left in a gap by an edit): shown to those whose unit holds it
         or (g.id is null and exists (select 1 from admin_unit u where u.code = $4 and st_intersects(u.geom, r.geom))))
  order by array_position(array['major', 'high', 'medium', 'low'], r.level)
  limit $5
)
-- The feature count comes with the tile for free (same aggregate pass): metrics and the feature budget read it.
select st_asmvt(rows, 'risk_point', 4096, 'geom', 'id') as mvt, count(*)::int4 as features from rows where geom is not null
