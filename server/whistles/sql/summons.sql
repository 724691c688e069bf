-- The departments summoned to a hazard and how each answered. $1 hazard id, $2 now
select s.department_code, d.name, d.name_en, s.blown_by, s.blown_at, s.reason, s.due_at, s.acknowledged_at,
       s.acknowledged_by, s.acted_at, s.action_note, s.escalated_at,
       (s.acknowledged_at is null and s.due_at < $2) or s.acknowledged_at > s.due_at as late
from whistle_summons s join department d on d.code = s.department_code
where s.hazard_id = $1 order by s.blown_at, d.code
