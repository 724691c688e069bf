-- Hazards found and closed per month within a scope, for the leaders' trend chart (and a department's brief, over
-- its categories). $1 code prefix, $2 from, $3 to, $4 categories or null for all
with months as (
  select generate_series(date_trunc('month', $2::timestamptz), date_trunc('month', $3::timestamptz), interval '1 month') as month
), hz as (
  select z.reported_at, z.closed_at, z.status, z.severity from hazard z join grid g on g.id = z.grid_id
  where g.code like $1 || '%' and z.county_code = left($1, 6) and ($4::text[] is null or z.category = any($4))
)
select to_char(m.month, 'YYYY-MM') as month,
       (select count(*) from hz where hz.reported_at >= m.month and hz.reported_at < m.month + interval '1 month')::int as found,
       (select count(*) from hz where hz.status = 'closed' and hz.closed_at >= m.month and hz.closed_at < m.month + interval '1 month')::int as closed,
       (select count(*) from hz where hz.severity = 'major' and hz.reported_at >= m.month and hz.reported_at < m.month + interval '1 month')::int as major
from months m order by m.month
