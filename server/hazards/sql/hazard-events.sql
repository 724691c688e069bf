-- A hazard's history, oldest first. $1 hazard id
select at, actor, actor_id, action, note from hazard_event where hazard_id = $1 order by at, id
