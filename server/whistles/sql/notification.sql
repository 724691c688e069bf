-- The notification (通报) of departments that answered a whistle late or not at all, within a scope and period.
-- $1 code prefix, $2 from or null, $3 to or null, $4 now
select d.code as department_code, d.name, s.hazard_id, g.code as grid_code, s.blown_at, s.due_at, s.acknowledged_at,
       s.escalated_at, coalesce(s.acknowledged_at, $4) - s.due_at as late_by
from whistle_summons s
join department d on d.code = s.department_code
join hazard z on z.id = s.hazard_id
join grid g on g.id = z.grid_id
where g.code like $1 || '%' and ((s.acknowledged_at is null and s.due_at < $4) or s.acknowledged_at > s.due_at)
  and ($2::timestamptz is null or s.blown_at >= $2) and ($3::timestamptz is null or s.blown_at < $3)
order by s.due_at
