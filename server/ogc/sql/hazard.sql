-- Hazards for OGC API – Features, scoped to the actor's jurisdiction exactly as the hazard tiles: by the code of
-- the grid holding the hazard, or, for one left in no grid by an edit, by the unit holding it. `overdue` is the
-- register's rule (open and past its deadline), evaluated now.
-- $1 code prefix of the actor's jurisdiction
select z.id, z.category, z.severity, z.status, z.description, z.found_by, g.code as grid_code, z.risk_point_id,
       z.escalation_level, z.reported_at, z.deadline, z.closed_at,
       (z.closed_at is null and z.status not in ('closed', 'rejected') and z.deadline < now()) as overdue,
       z.geom
from hazard z left join grid g on g.id = z.grid_id
where z.county_code = left($1, 6)
  and (g.code like $1 || '%'
       or (g.id is null and exists (select 1 from admin_unit u where u.code = $1 and st_intersects(u.geom, z.geom))))
