-- Overdue hazards go one level up the chain (worker → group → village → township → chief) for each time their
-- deadline has passed; each step is an event at the moment the deadline passed, and sets the next deadline one
-- period later (24 h for general hazards, 2 h for minor ones, 7 days for major ones). Run until nothing is left to
-- escalate, so a hazard three days overdue takes three steps at once. $1 now
with due as (
  select z.id, z.escalation_level + 1 as level, z.deadline as at,
         case z.severity when 'minor' then interval '2 hours' when 'general' then interval '24 hours'
                         else interval '7 days' end as period,
         g.code as grid_code
  from hazard z join grid g on g.id = z.grid_id
  where z.closed_at is null and z.status not in ('closed', 'rejected') and z.deadline < $1 and z.escalation_level < 4
  for update of z
), target as (
  select d.*, p.id as person_id, p.name as person_name
  from due d
  left join lateral (
    select id, name from person
    where jurisdiction = case d.level when 1 then left(d.grid_code, 15) when 2 then left(d.grid_code, 12)
                                      when 3 then left(d.grid_code, 9) else left(d.grid_code, 6) end
    order by id limit 1) p on true
), stepped as (
  update hazard z set escalation_level = t.level, deadline = t.at + t.period
  from target t where z.id = t.id
  returning z.id
)
insert into hazard_event (hazard_id, at, actor_id, actor, action, note)
select t.id, t.at, t.person_id, 'system', 'overdue_escalated',
       'overdue: escalated to level ' || t.level || (array['', ' (村民小组网格长)', ' (村（社区）网格长)', ' (乡镇网格长)', ' (总网格长)'])[t.level + 1]
       || coalesce(' ' || t.person_name, '')
from target t where t.id in (select id from stepped)
