-- A unit's hazards for an export, in id order, optionally those reported in [from, to). A hazard left in no grid
-- by an edit belongs to the unit whose area holds it, as on the map's tiles.
-- $1 unit or grid code, $2 from (null: open), $3 to (null: open)
select z.id, z.category, z.severity, z.status, z.description as descr, g.code as grid_code, z.found_by,
       z.risk_point_id as risk_point,
       to_char(z.reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as reported,
       to_char(z.deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as deadline,
       to_char(z.closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as closed,
       st_asbinary(z.geom) as geom
from hazard z left join grid g on g.id = z.grid_id
where z.county_code = left($1, 6)
  and (g.code like $1 || '%' or (g.id is null and exists (select 1 from admin_unit u where u.code = $1 and st_intersects(u.geom, z.geom))))
  and ($2::timestamptz is null or z.reported_at >= $2) and ($3::timestamptz is null or z.reported_at < $3)
order by z.id
