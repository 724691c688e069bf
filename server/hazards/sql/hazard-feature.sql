-- Hazards as GeoJSON features with the names a list or panel shows; filtered by the caller's scope.
-- $1 code prefix (the actor's jurisdiction or a unit in it), $2 status[] or null, $3 severity or null,
-- $4 category or null, $5 bbox west, $6 south, $7 east, $8 north (all null for none), $9 from, $10 to,
-- $11 overdue only, $12 id or null, $13 limit, $14 now, $15 department summoned to it (code) or null
select z.id, z.category, z.severity, z.status, z.description, z.found_by, z.reported_at, z.deadline, z.closed_at,
       z.escalation_level, z.five_fixes, z.rectified_by, z.rejected_reason, z.risk_point_id,
       g.id as grid_id, g.code as grid_code, g.name as grid_name, rp.name as reporter,
       (z.closed_at is null and z.status not in ('closed', 'rejected') and z.deadline < $14) as overdue,
       st_asgeojson(z.geom, 7)::json as geometry
from hazard z
join grid g on g.id = z.grid_id
left join person rp on rp.id = z.reported_by
where g.code like $1 || '%' and z.county_code = left($1, 6)
  and ($12::bigint is null or z.id = $12)
  and ($2::text[] is null or z.status = any($2))
  and ($3::text is null or z.severity = $3)
  and ($4::text is null or z.category = $4)
  and ($5::float8 is null or z.geom && st_makeenvelope($5, $6, $7, $8, 4326))
  and ($9::timestamptz is null or z.reported_at >= $9)
  and ($10::timestamptz is null or z.reported_at < $10)
  and (not $11 or (z.closed_at is null and z.status not in ('closed', 'rejected') and z.deadline < $14))
  and ($15::text is null or exists (select 1 from whistle_summons w where w.hazard_id = z.id and w.department_code = $15))
order by z.reported_at desc, z.id desc
limit $13
