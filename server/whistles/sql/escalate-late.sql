-- Departments that did not acknowledge a whistle in time go up to the county: marked at the moment their deadline
-- passed, with an event on the hazard, and listed in the notification (通报). $1 now
with late as (
  update whistle_summons s set escalated_at = s.due_at
  from department d
  where d.code = s.department_code and s.acknowledged_at is null and s.escalated_at is null and s.due_at < $1
  returning s.hazard_id, s.due_at, d.name
)
insert into hazard_event (hazard_id, at, actor, action, note)
select hazard_id, due_at, 'system', 'department_late', name || ' 未按时报到，已上报县级（总网格长）通报'
from late
