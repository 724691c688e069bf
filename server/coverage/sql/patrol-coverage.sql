-- Patrol coverage of each live grid under a unit over a period, from the stored grid-days (no track is buffered
-- here): the mean daily share of the grid covered (days without a patrol count as 0), days patrolled, time inside,
-- when it was last patrolled (ever), and its live risk points visited in the period and due in it. Due: never
-- visited nor inspected, or the last visit or inspection before the period plus the point's interval falls before
-- its end. $1 unit prefix, $2 first day, $3 day after the last, $4 time zone
with g as (
  select g.id, g.code, g.name, g.worker_id from grid g
  where g.county_code = left($1, 6) and g.code like $1 || '%' and g.retired_at is null
), cov as (
  select c.grid_id, sum(c.share) as share_sum, count(*)::int as days_patrolled, sum(c.seconds_inside) as seconds_inside,
         sum(c.patrols)::int as patrols
  from patrol_coverage c join g on g.id = c.grid_id
  where c.day >= $2 and c.day < $3
  group by c.grid_id
), last as (
  select c.grid_id, max(c.last_at) as last_at from patrol_coverage c join g on g.id = c.grid_id group by c.grid_id
), points as (
  select r.grid_id,
         count(*) filter (where v.in_period) as visited,
         count(*) filter (where coalesce(greatest(v.before, r.last_inspected_at), '-infinity')
                                + make_interval(days => r.inspection_interval_days) < ($3::date::timestamp at time zone $4)) as due
  from risk_point r join g on g.id = r.grid_id
  cross join lateral (
    select bool_or(pv.visited_at >= ($2::date::timestamp at time zone $4) and pv.visited_at < ($3::date::timestamp at time zone $4)) as in_period,
           max(pv.visited_at) filter (where pv.visited_at < ($2::date::timestamp at time zone $4)) as before
    from patrol_visit pv where pv.risk_point_id = r.id
  ) v
  where r.retired_at is null
  group by r.grid_id
)
select g.id as grid_id, g.code, g.name, p.name as worker_name,
       round((coalesce(cov.share_sum, 0) / ($3::date - $2::date) * 100)::numeric, 1)::float8 as coverage_pct,
       coalesce(cov.days_patrolled, 0) as days_patrolled, coalesce(cov.patrols, 0) as patrols,
       round(coalesce(cov.seconds_inside, 0))::int as seconds_inside, last.last_at as last_patrolled_at,
       coalesce(points.visited, 0)::int as risk_points_visited, coalesce(points.due, 0)::int as risk_points_due
from g
left join person p on p.id = g.worker_id
left join cov on cov.grid_id = g.id
left join last on last.grid_id = g.id
left join points on points.grid_id = g.id
order by g.code
