-- Patrol tracks for OGC API – Features, scoped to the actor's jurisdiction as the patrol tiles (by the code of the
-- worker's grid), but over all time: the datetime parameter narrows it. `geom` keeps its M (epoch seconds) for the
-- index; features.ts drops it on output, as GeoJSON has no place for it.
-- $1 code prefix of the actor's jurisdiction
select t.id, t.worker_id, p.name as worker_name, g.code as grid_code, t.started_at, t.ended_at, t.track as geom
from patrol t join grid g on g.id = t.grid_id join person p on p.id = t.worker_id
where t.county_code = left($1, 6) and g.code like $1 || '%'
