-- Live risk points as features, within a scope, with whether their inspection is overdue.
-- $1 code prefix, $2 kind or null, $3 level or null, $4..$7 bbox or nulls, $8 only overdue inspections, $9 id or null,
-- $10 limit
select r.id, r.kind, r.level, r.name, r.inspection_interval_days, r.last_inspected_at, r.attrs, r.updated_at, r.updated_by,
       g.id as grid_id, g.code as grid_code, g.name as grid_name,
       (r.last_inspected_at is null or r.last_inspected_at + make_interval(days => r.inspection_interval_days) < now()) as inspection_overdue,
       st_asgeojson(r.geom, 7)::json as geometry, st_asgeojson(r.area, 7)::json as area
from risk_point r join grid g on g.id = r.grid_id
where r.retired_at is null and g.code like $1 || '%' and r.county_code = left($1, 6)
  and ($9::bigint is null or r.id = $9)
  and ($2::text is null or r.kind = $2)
  and ($3::text is null or r.level = $3)
  and ($4::float8 is null or r.geom && st_makeenvelope($4, $5, $6, $7, 4326))
  and (not $8 or r.last_inspected_at is null or r.last_inspected_at + make_interval(days => r.inspection_interval_days) < now())
order by r.id
limit $10
