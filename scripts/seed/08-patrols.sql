-- Thirty days of patrol tracks: each grid worker walks a loop through their grid on most days (9 in 10), setting
-- out between 08:00 and 10:00 at walking pace (1.2 m/s) with a pause of two minutes at each stop. A few grids
-- (1 in 30) have not been patrolled for the last ten days, so the coverage view has gaps to show.

insert into patrol (county_code, worker_id, grid_id, started_at, ended_at, track)
select g.county_code, g.worker_id, g.id, t.started_at, t.ended_at, t.track
from grid g
join seed.grid_centre c on c.id = g.id
cross join generate_series(1, 30) d
cross join lateral (
  select date_trunc('day', current_setting('gw.anchor')::timestamptz) - make_interval(days => d)
         + make_interval(mins => 480 + floor(seed.rnd('pstart:' || g.id || ':' || d) * 120)::integer) as t0
) start
cross join lateral (
  with stops as (
    select p.geom as p from st_dump(st_generatepoints(g.geom, 10, seed.int_seed('ppts:' || g.id || ':' || d))) p
  ), ordered as (   -- a loop: out from the centre, round the stops by bearing, back to the centre
    select c.centre as p, 0 as n
    union all select p, row_number() over (order by st_azimuth(c.centre, p))::integer from stops
    union all select c.centre, 11
  ), legs as (
    select p, n, coalesce(st_distancesphere(p, lag(p) over (order by n)), 0) as metres from ordered
  ), timed as (
    select p, n, extract(epoch from start.t0) + sum(metres / 1.2 + case when n > 0 then 120 else 0 end)
                                                 over (order by n) as m from legs
  )
  select to_timestamp(min(m)) as started_at, to_timestamp(max(m)) as ended_at,
         st_setsrid(st_makeline(array_agg(st_makepointm(st_x(p), st_y(p), m) order by n)), 4326) as track
  from timed
) t
where seed.rnd('patrol:' || g.id || ':' || d) < 0.9
  and not (d <= 10 and seed.rnd('gap:' || g.id) < 1.0 / 30);
