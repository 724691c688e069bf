-- How a department answered whistles in a month, for its brief: summoned, reported for duty on time, late or never,
-- acted; and the summons it still owes an answer (not acknowledged, or acknowledged but nothing done), oldest first.
-- $1 department code, $2 month start, $3 now, $4 how many to list
with s as (
  select * from whistle_summons where department_code = $1
)
select 'figures' as part,
       (select count(*) from s where blown_at >= $2 and blown_at < $2 + interval '1 month')::int as summoned,
       (select count(*) from s where blown_at >= $2 and blown_at < $2 + interval '1 month'
          and acknowledged_at is not null and acknowledged_at <= due_at)::int as on_time,
       (select count(*) from s where blown_at >= $2 and blown_at < $2 + interval '1 month'
          and (acknowledged_at > due_at or (acknowledged_at is null and due_at < $3)))::int as late,
       (select count(*) from s where blown_at >= $2 and blown_at < $2 + interval '1 month' and acted_at is not null)::int as acted,
       null::bigint as hazard_id, null::text as category, null::text as grid_name, null::timestamptz as blown_at,
       null::timestamptz as due_at, null::timestamptz as acknowledged_at
union all
(select 'owed', null, null, null, null, s.hazard_id, z.category, g.name, s.blown_at, s.due_at, s.acknowledged_at
 from s join hazard z on z.id = s.hazard_id join grid g on g.id = z.grid_id
 where s.acted_at is null and z.status not in ('closed', 'rejected')
 order by s.blown_at limit $4)
