-- A unit's live risk points for an export, in id order. A point left in no grid by an edit belongs to the unit
-- whose area holds it, as on the map's tiles.
-- $1 unit or grid code
select r.id, r.name, r.kind, r.level, g.code as grid_code, r.inspection_interval_days as interval_d,
       to_char(r.last_inspected_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last_insp,
       st_asbinary(r.geom) as geom
from risk_point r left join grid g on g.id = r.grid_id
where r.retired_at is null and r.county_code = left($1, 6)
  and (g.code like $1 || '%' or (g.id is null and exists (select 1 from admin_unit u where u.code = $1 and st_intersects(u.geom, r.geom))))
order by r.id
