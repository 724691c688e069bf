-- A warning's grids and how each answered: acknowledged, silent (not yet due), or escalated to the group leader.
-- $1 warning id, $2 with geometry (for the map), $3 now
select r.grid_id, r.grid_code as code, g.name, r.person_id, r.name as worker, r.phone, r.acknowledged_at, r.acknowledged_by,
       r.ack_note, r.escalated_at,
       case when r.acknowledged_at is not null then 'acknowledged'
            when r.escalated_at is not null then 'escalated'
            else 'silent' end as state,
       (r.acknowledged_at is null and w.issued_at + make_interval(mins => w.ack_minutes) < $3) as overdue,
       l.id as leader_id, l.name as leader, l.phone as leader_phone,
       case when $2 then st_asgeojson(g.geom, 7)::json end as geometry
from warning_recipient r
join warning w on w.id = r.warning_id
join grid g on g.id = r.grid_id
left join lateral (select id, name, phone from person where role = 'leader' and jurisdiction = left(r.grid_code, 15) order by id limit 1) l on true
where r.warning_id = $1
order by r.grid_code
