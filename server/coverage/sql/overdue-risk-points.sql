-- Live risk points under a unit whose visit is overdue now: neither a patrol within the visit radius nor an
-- inspection within their interval (by level: major 7 days, high 14, medium 30, low 90 unless set otherwise).
-- $1 unit prefix
select r.id, r.name, r.kind, r.level, g.code as grid_code, r.inspection_interval_days,
       v.last_visited_at, r.last_inspected_at,
       -- null: never visited nor inspected
       floor(extract(epoch from now() - (greatest(v.last_visited_at, r.last_inspected_at)
                                         + make_interval(days => r.inspection_interval_days))) / 86400)::float8 as days_overdue
from risk_point r
join grid g on g.id = r.grid_id
cross join lateral (select max(visited_at) as last_visited_at from patrol_visit where risk_point_id = r.id) v
where r.retired_at is null and g.county_code = left($1, 6) and g.code like $1 || '%'
  and coalesce(greatest(v.last_visited_at, r.last_inspected_at), '-infinity') + make_interval(days => r.inspection_interval_days) < now()
order by days_overdue desc nulls first, r.id
