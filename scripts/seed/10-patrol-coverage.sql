-- Coverage of every grid-day of the thirty days of patrols, and the risk points each patrol passed: what the server
-- computes when a track arrives (server/patrols/sql/refresh-coverage.sql and insert-visits.sql), here set-based for
-- all of them. The same rules (server/patrols/patrol-rules.ts): covered within 30 m of the day's tracks, simplified
-- to 2 m first, dense tracks through a 10 m lattice (gw_patrol_band, migration 0016); time inside = segments whose
-- midpoint is in the grid; visited within 20 m; days in China Standard
-- Time. The seed walks one loop per grid and day (08-patrols.sql), so a grid-day's covered part is its one track's;
-- the primary key would refuse a second.
-- The buffers and segment tests run as CREATE TABLE AS, which PostgreSQL can split across cores (INSERT cannot);
-- cheap parallel setup is asked for so it does.
set local parallel_setup_cost = 0;
set local parallel_tuple_cost = 0;

create temp table patrol_band on commit drop as
select t.id, t.grid_id, t.worker_id, t.started_at, t.ended_at, g.county_code, st_area(g.geom::geography) as grid_m2,
       st_area(g.geom_3857) as grid_3857_m2,
       st_collectionextract(st_intersection(g.geom_3857,
         gw_patrol_band(t.track_3857, 1 / k.c, 30, 2, 10, 500)), 3) as geom
from patrol t join grid g on g.id = t.grid_id
cross join lateral (select cos(radians(st_y(st_startpoint(t.track)))) as c) k;

create temp table patrol_inside on commit drop as
select t.id, sum(st_m(st_endpoint(s.geom)) - st_m(st_startpoint(s.geom))) as seconds
from patrol t join grid g on g.id = t.grid_id cross join lateral st_dumpsegments(t.track) s
where st_intersects(g.geom, st_centroid(s.geom))
group by t.id;

insert into patrol_coverage (grid_id, day, county_code, worker_id, patrols, covered, covered_m2, grid_m2, share,
                             seconds_inside, first_at, last_at)
select b.grid_id, (b.started_at at time zone 'Asia/Shanghai')::date, b.county_code, b.worker_id, 1,
       st_multi(st_transform(b.geom, 4326)), s.share * b.grid_m2, b.grid_m2, s.share, coalesce(i.seconds, 0),
       b.started_at, b.ended_at
from patrol_band b
cross join lateral (select least(st_area(b.geom) / b.grid_3857_m2, 1) as share) s
left join patrol_inside i on i.id = b.id;

insert into patrol_visit (county_code, risk_point_id, patrol_id, visited_at, distance_m)
select t.county_code, r.id, t.id, to_timestamp(st_interpolatepoint(t.track, r.geom)), d.m
from patrol t
join risk_point r on st_dwithin(r.geom_3857, t.track_3857, 1.01 * 20 / cos(radians(st_y(st_startpoint(t.track)))))
cross join lateral (select st_distance(r.geom::geography, st_force2d(t.track)::geography) as m) d
where r.retired_at is null and d.m <= 20;

reset parallel_setup_cost;
reset parallel_tuple_cost;
