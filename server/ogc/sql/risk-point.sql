-- Live risk points for OGC API – Features, scoped to the actor's jurisdiction exactly as the risk_point tiles:
-- by the code of the grid holding the point, or, for a point left in no grid by an edit, by the unit holding it.
-- $1 code prefix of the actor's jurisdiction
select r.id, r.kind, r.level, r.name, g.code as grid_code, r.inspection_interval_days, r.last_inspected_at, r.geom
from risk_point r left join grid g on g.id = r.grid_id
where r.retired_at is null and r.county_code = left($1, 6)
  and (g.code like $1 || '%'
       or (g.id is null and exists (select 1 from admin_unit u where u.code = $1 and st_intersects(u.geom, r.geom))))
