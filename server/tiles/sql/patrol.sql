-- Patrol tracks started in a time window, by default the last seven days (signed-in only, within the actor's
-- jurisdiction), newest first.
-- ST_AsMVTGeom drops the M (time) values; playback reads them from the API, not from tiles.
-- $1 z, $2 x, $3 y, $4 code prefix of the actor's jurisdiction, $5 feature cap, $6 simplify tolerance (m),
-- $7 from (null: seven days ago), $8 to (null: open)
with bounds as (
  select st_tileenvelope($1, $2, $3) as env, st_tileenvelope($1, $2, $3, margin => 64.0 / 4096) as wide
), rows as (
  select t.id, t.worker_id, p.name as worker_name, g.code as grid_code,
         to_char(t.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as started_at,
         to_char(t.ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as ended_at,
         st_asmvtgeom(st_simplify(st_force2d(t.track_3857), $6), b.env, 4096, 64, true) as geom
  from patrol t cross join bounds b join grid g on g.id = t.grid_id join person p on p.id = t.worker_id
  where t.track_3857 && b.wide and t.county_code = left($4, 6) and g.code like $4 || '%'
    and t.started_at >= coalesce($7::timestamptz, now() - interval '7 days')
    and ($8::timestamptz is null or t.started_at < $8)
  order by t.started_at desc
  limit $5
)
-- The feature count comes with the tile for free (same aggregate pass): metrics and the feature budget read it.
select st_asmvt(rows, 'patrol', 4096, 'geom', 'id') as mvt, count(*)::int4 as features from rows where geom is not null
