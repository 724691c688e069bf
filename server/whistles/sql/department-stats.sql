-- Per department: whistles answered, on time or late, and the hazards closed with its help (the county's account
-- counts 1,282 hazards solved with departments). $1 code prefix, $2 now
select d.code, d.name, d.name_en,
       count(s.id)::int as summoned,
       count(*) filter (where s.acknowledged_at <= s.due_at)::int as on_time,
       count(*) filter (where (s.acknowledged_at is null and s.due_at < $2) or s.acknowledged_at > s.due_at)::int as late,
       count(*) filter (where s.acted_at is not null)::int as acted,
       count(*) filter (where z.status = 'closed')::int as hazards_closed
from department d
left join whistle_summons s on s.department_code = d.code
  and exists (select 1 from hazard h join grid g on g.id = h.grid_id where h.id = s.hazard_id and g.code like $1 || '%')
left join hazard z on z.id = s.hazard_id
where d.county_code = left($1, 6)
group by d.code, d.name, d.name_en order by d.code
