-- The grid being edited, locked until the transaction ends. $1 id
select id, code, group_code, kind, name, worker_id, version, retired_at
from grid where id = $1 for update
