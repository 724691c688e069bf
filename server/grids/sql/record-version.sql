-- Appends the grid's current state to its history. $1 id, $2 action, $3 reason, $4 actor
insert into grid_version (grid_id, version, county_code, code, name, group_code, kind, worker_id, geom, action, reason, actor)
select id, version, county_code, code, name, group_code, kind, worker_id, geom, $2, $3, $4 from grid where id = $1
