-- Coverage of the given grid-days, from all of that day's tracks on the grid, so a second upload of the day or a
-- deletion is counted once rather than added on (the seed's 10-patrol-coverage.sql does the same for every day).
-- Buffers are made on the stored Web Mercator copies with the radius divided by cos(latitude): Mercator is
-- conformal, so that is a true circle of the radius; the share is a ratio of two Mercator areas within one small
-- grid, where the scale hardly varies, and square metres are the share of the grid's geodesic area. Time inside:
-- each segment's duration counts when its midpoint is in the grid (phone fixes are seconds apart).
-- The band of each track is gw_patrol_band (migration 0016): a noisy 1 Hz track is reduced to lattice cells first.
-- $1 grid ids[], $2 days[] (pairs), $3 time zone, $4 cover radius (m), $5 simplify tolerance (m), $6 lattice (m),
-- $7 most vertices buffered as a line
with pairs as (
  select distinct grid_id, day from unnest($1::bigint[], $2::date[]) as p(grid_id, day)
), tracks as (
  select p.grid_id, p.day, t.worker_id, t.started_at, t.ended_at, t.track,
         gw_patrol_band(t.track_3857, 1 / k.c, $4, $5, $6, $7) as band
  from pairs p
  join patrol t on t.grid_id = p.grid_id
   and t.started_at >= (p.day::timestamp at time zone $3) and t.started_at < ((p.day + 1)::timestamp at time zone $3)
  cross join lateral (select cos(radians(st_y(st_startpoint(t.track)))) as c) k
), inside as (
  select t.grid_id, t.day, sum(st_m(st_endpoint(s.geom)) - st_m(st_startpoint(s.geom))) as seconds
  from tracks t join grid g on g.id = t.grid_id
  cross join lateral st_dumpsegments(t.track) s
  where st_intersects(g.geom, st_centroid(s.geom))
  group by t.grid_id, t.day
), days as (
  select grid_id, day, count(*)::int as patrols, (array_agg(worker_id order by started_at desc))[1] as worker_id,
         min(started_at) as first_at, max(ended_at) as last_at,
         case when count(*) = 1 then (array_agg(band))[1] else st_unaryunion(st_collect(band)) end as band
  from tracks group by grid_id, day
), covered as (
  select d.*, g.county_code, st_area(g.geom::geography) as grid_m2,
         least(st_area(c.geom) / st_area(g.geom_3857), 1) as share, c.geom
  from days d join grid g on g.id = d.grid_id
  cross join lateral (select st_collectionextract(st_intersection(g.geom_3857, d.band), 3) as geom) c
)
insert into patrol_coverage (grid_id, day, county_code, worker_id, patrols, covered, covered_m2, grid_m2, share,
                             seconds_inside, first_at, last_at)
select c.grid_id, c.day, c.county_code, c.worker_id, c.patrols, st_multi(st_transform(c.geom, 4326)), c.share * c.grid_m2,
       c.grid_m2, c.share, coalesce(i.seconds, 0), c.first_at, c.last_at
from covered c left join inside i using (grid_id, day)
