-- A new version of a grid; null arguments keep what is there. Un-retires a grid being restored.
-- $1 id, $2 polygon as EWKB hex, $3 kind, $4 name, $5 worker id, $6 whether worker_id is being set, $7 actor
update grid set
  geom = coalesce($2::geometry, geom),
  kind = coalesce($3, kind),
  name = coalesce($4, name),
  worker_id = case when $6 then $5 else worker_id end,
  version = version + 1, updated_at = now(), updated_by = $7, retired_at = null, retired_by = null
where id = $1
