-- Patrols for playback: the line in WGS84 and each point's time (its M, epoch seconds) in point order, with the
-- risk points each passed. Within the actor's jurisdiction only (by the grid, or the worker's for a grid-less one).
-- $1 jurisdiction prefix, $2 patrol id or null, $3 worker or null, $4 from, $5 to (a local day's bounds)
select t.id, t.worker_id, p.name as worker_name, t.grid_id, g.code as grid_code,
       t.started_at, t.ended_at, st_npoints(t.track) as points,
       st_asgeojson(st_force2d(t.track), 7)::json as geometry,
       (select array_agg(st_m(d.geom) order by d.path) from st_dumppoints(t.track) d) as times,
       coalesce((select json_agg(json_build_object('risk_point_id', v.risk_point_id, 'visited_at', v.visited_at,
                                                   'distance_m', round(v.distance_m::numeric, 1)) order by v.visited_at)
                 from patrol_visit v where v.patrol_id = t.id), '[]') as visits
from patrol t
join person p on p.id = t.worker_id
left join grid g on g.id = t.grid_id
where coalesce(g.code, p.jurisdiction) like $1 || '%'
  and ($2::bigint is null or t.id = $2)
  and ($3::bigint is null or t.worker_id = $3)
  and ($4::timestamptz is null or t.started_at >= $4) and ($5::timestamptz is null or t.started_at < $5)
order by t.started_at
