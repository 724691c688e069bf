-- A unit's patrol tracks for an export, in id order, optionally those started in [from, to). The track keeps its
-- M values (epoch seconds) in the WKB: GPX writes them as each point's <time>.
-- $1 unit or grid code, $2 from (null: open), $3 to (null: open)
select t.id, t.worker_id, p.name as worker, g.code as grid_code,
       to_char(t.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as started,
       to_char(t.ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as ended,
       st_npoints(t.track) as points,
       st_asbinary(t.track) as geom
from patrol t join grid g on g.id = t.grid_id join person p on p.id = t.worker_id
where t.county_code = left($1, 6) and g.code like $1 || '%'
  and ($2::timestamptz is null or t.started_at >= $2) and ($3::timestamptz is null or t.started_at < $3)
order by t.id
