-- Hazards (signed-in only, within the actor's jurisdiction); open ones first when the cap bites.
-- $1 z, $2 x, $3 y, $4 code prefix of the actor's jurisdiction, $5 feature cap
with bounds as (
  select st_tileenvelope($1, $2, $3) as env, st_tileenvelope($1, $2, $3, margin => 64.0 / 4096) as wide
), rows as (
  select z.id, z.category, z.severity, z.status, z.description, g.code as grid_code,
         to_char(z.reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as reported_at,
         to_char(z.deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as deadline,
         to_char(z.closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as closed_at,
         st_asmvtgeom(z.geom_3857, b.env, 4096, 64, true) as geom
  from hazard z cross join bounds b left join grid g on g.id = z.grid_id
  where z.geom_3857 && b.wide and z.county_code = left($4, 6) and (g.code like $4 || '%'
         -- in no grid (left in a gap by an edit): shown to those whose unit holds it
         or (g.id is null and exists (select 1 from admin_unit u where u.code = $4 and st_intersects(u.geom, z.geom))))
  order by z.closed_at is not null, z.reported_at desc
  limit $5
)
-- The feature count comes with the tile for free (same aggregate pass): metrics and the feature budget read it.
select st_asmvt(rows, 'hazard', 4096, 'geom', 'id') as mvt, count(*)::int4 as features from rows where geom is not null
