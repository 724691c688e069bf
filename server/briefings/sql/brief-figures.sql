-- The figures of a monthly brief for a unit: hazards found, closed and still open from the month, open major
-- hazards, overdue ones (now), major risk points and those of them with an open hazard, and patrol coverage: the
-- share of live grids patrolled in the month and the grids nobody patrolled in its last 7 days.
-- For a department's brief the unit is the county and only its industries' hazards and risk kinds count.
-- $1 unit code, $2 month start, $3 now, $4 hazard categories or null for all, $5 risk point kinds or null for all
with g as (
  select id, code from grid where code like $1 || '%' and retired_at is null
), hz as (
  select z.* from hazard z join grid gg on gg.id = z.grid_id where gg.code like $1 || '%' and z.county_code = left($1, 6)
    and ($4::text[] is null or z.category = any($4))
), rp as (
  select r.* from risk_point r join g on g.id = r.grid_id
  where r.level = 'major' and r.retired_at is null and ($5::text[] is null or r.kind = any($5))
), month_end as (
  select least($2::timestamptz + interval '1 month', $3::timestamptz) as e
)
select
  (select count(*) from hz where reported_at >= $2 and reported_at < $2 + interval '1 month')::int as found,
  (select count(*) from hz where status = 'closed' and closed_at >= $2 and closed_at < $2 + interval '1 month')::int as closed,
  (select count(*) from hz where status not in ('closed', 'rejected'))::int as open,
  (select count(*) from hz where status not in ('closed', 'rejected') and deadline < $3)::int as overdue,
  (select count(*) from hz where severity = 'major' and status not in ('closed', 'rejected'))::int as major_open,
  (select count(*) from rp)::int as major_risk_points,
  (select count(*) from rp
    where exists (select 1 from hazard z where z.risk_point_id = rp.id and z.status not in ('closed', 'rejected')))::int as major_risk_points_with_open_hazards,
  (select count(*) from g)::int as grids,
  (select count(distinct p.grid_id) from patrol p join g on g.id = p.grid_id
    where p.started_at >= $2 and p.started_at < (select e from month_end))::int as grids_patrolled,
  (select count(*) from g where not exists (select 1 from patrol p where p.grid_id = g.id
    and p.started_at >= (select e from month_end) - interval '7 days' and p.started_at < (select e from month_end)))::int as grids_unpatrolled_7d
