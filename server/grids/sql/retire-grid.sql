-- Retires a grid: it leaves the map and the partition but stays for history and for what refers to it.
-- $1 id, $2 actor
update grid set retired_at = now(), retired_by = $2, version = version + 1, updated_at = now(), updated_by = $2
where id = $1
