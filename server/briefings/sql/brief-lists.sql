-- The lists of a brief: open major hazards and the longest-overdue hazards with who is responsible.
-- $1 unit code, $2 now, $3 how many overdue to list, $4 hazard categories or null for all
(select 'major_open' as list, z.id, z.category, z.severity, z.status, z.reported_at, z.deadline, gg.code as grid_code, gg.name as grid_name,
        z.five_fixes ->> 'responsible' as responsible, z.escalation_level
 from hazard z join grid gg on gg.id = z.grid_id
 where gg.code like $1 || '%' and z.severity = 'major' and z.status not in ('closed', 'rejected')
   and ($4::text[] is null or z.category = any($4))
 order by z.reported_at)
union all
(select 'overdue', z.id, z.category, z.severity, z.status, z.reported_at, z.deadline, gg.code, gg.name,
        z.five_fixes ->> 'responsible', z.escalation_level
 from hazard z join grid gg on gg.id = z.grid_id
 where gg.code like $1 || '%' and z.status not in ('closed', 'rejected') and z.deadline < $2
   and ($4::text[] is null or z.category = any($4))
 order by z.deadline limit $3)
