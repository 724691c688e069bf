-- Workers who have not acknowledged a warning by its deadline: escalated, each to their group's grid leader, who
-- is then the one to call (叫应). One statement, so a timer in any server process can run it safely. $1 now
update warning_recipient r set escalated_at = $1,
  escalated_to = (select id from person where role = 'leader' and jurisdiction = left(r.grid_code, 15) order by id limit 1)
from warning w
where w.id = r.warning_id and r.acknowledged_at is null and r.escalated_at is null
  and w.issued_at + make_interval(mins => w.ack_minutes) < $1
