-- The grid being edited, locked until the transaction ends. $1 id
select id, code, group_code, kind, name, worker_id, version, retired_at, st_asgeojson(geom, 9) as geometry
from grid where id = $1 for update
