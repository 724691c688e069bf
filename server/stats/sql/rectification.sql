-- Rectification figures per unit at one level under a unit: found, rectified (closed), rate, overdue, major still
-- open, median hours to close, and the same split by who found the hazard. Counts add up level by level, because
-- every hazard belongs to exactly one grid and grid codes start with their units' codes.
-- $1 unit code (scope), $2 code length of the level (6, 9, 12, 15; 17 for grids), $3 from, $4 to, $5 now
with units as (
  select code, name, name_en from admin_unit where code like $1 || '%' and length(code) = $2
  union all
  select code, name, null from grid where $2 = 17 and code like $1 || '%'
    and (retired_at is null or exists (select 1 from hazard z where z.grid_id = grid.id))
), hz as (
  select left(g.code, $2) as unit, z.status, z.severity, z.found_by, z.reported_at, z.closed_at, z.deadline
  from hazard z join grid g on g.id = z.grid_id
  where g.code like $1 || '%' and z.county_code = left($1, 6)
    and ($3::timestamptz is null or z.reported_at >= $3) and ($4::timestamptz is null or z.reported_at < $4)
)
select u.code, u.name, u.name_en,
       count(hz.status)::int as found,
       count(*) filter (where hz.status = 'closed')::int as rectified,
       count(*) filter (where hz.status not in ('closed', 'rejected') and hz.deadline < $5)::int as overdue,
       count(*) filter (where hz.severity = 'major' and hz.status not in ('closed', 'rejected'))::int as major_open,
       percentile_cont(0.5) within group (order by extract(epoch from hz.closed_at - hz.reported_at) / 3600)
         filter (where hz.status = 'closed') as median_hours_to_close,
       jsonb_build_object(
         'worker', jsonb_build_object('found', count(*) filter (where hz.found_by = 'worker'),
                                      'rectified', count(*) filter (where hz.found_by = 'worker' and hz.status = 'closed')),
         'village', jsonb_build_object('found', count(*) filter (where hz.found_by = 'village'),
                                       'rectified', count(*) filter (where hz.found_by = 'village' and hz.status = 'closed')),
         'leader', jsonb_build_object('found', count(*) filter (where hz.found_by = 'leader'),
                                      'rectified', count(*) filter (where hz.found_by = 'leader' and hz.status = 'closed')),
         'department', jsonb_build_object('found', count(*) filter (where hz.found_by = 'department'),
                                          'rectified', count(*) filter (where hz.found_by = 'department' and hz.status = 'closed'))
       ) as by_finder
from units u left join hz on hz.unit = u.code
group by u.code, u.name, u.name_en
order by u.code
