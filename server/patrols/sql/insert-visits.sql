-- The live risk points each new patrol passed within $2 metres, and when: the time (M) at the track's nearest point.
-- Candidates come from the Web Mercator index (radius divided by cos(latitude), with a margin); the geodesic
-- distance decides. Every passed point counts, in the own grid or a neighbour's: a visit is a visit.
-- $1 patrol ids, $2 visit radius (m)
insert into patrol_visit (county_code, risk_point_id, patrol_id, visited_at, distance_m)
select t.county_code, r.id, t.id, to_timestamp(st_interpolatepoint(t.track, r.geom)), d.m
from patrol t
join risk_point r on st_dwithin(r.geom_3857, t.track_3857, 1.01 * $2 / cos(radians(st_y(st_startpoint(t.track)))))
cross join lateral (select st_distance(r.geom::geography, st_force2d(t.track)::geography) as m) d
where t.id = any($1::bigint[]) and r.retired_at is null and d.m <= $2
