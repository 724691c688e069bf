-- After a group's grids changed: households, risk points and open hazards in the group go to the live grid that
-- now contains them (none, for a point left in a gap). Closed hazards keep the grid they were closed in; the
-- lineage leads from it to today's grids. $1 group code
with grp as (
  select geom from admin_unit where code = $1
), hh as (
  update household h set grid_id = (
    select g.id from grid g where g.group_code = $1 and g.retired_at is null and st_intersects(g.geom, h.geom)
    order by g.id limit 1)
  from grp where h.geom && grp.geom and st_intersects(h.geom, grp.geom)
  returning h.id
), rp as (
  update risk_point r set grid_id = (
    select g.id from grid g where g.group_code = $1 and g.retired_at is null and st_intersects(g.geom, r.geom)
    order by g.id limit 1)
  from grp where r.geom && grp.geom and st_intersects(r.geom, grp.geom)
  returning r.id
), hz as (
  update hazard z set grid_id = coalesce((
    select g.id from grid g where g.group_code = $1 and g.retired_at is null and st_intersects(g.geom, z.geom)
    order by g.id limit 1), z.grid_id)
  from grp where z.geom && grp.geom and st_intersects(z.geom, grp.geom)
    and z.closed_at is null and z.status not in ('closed', 'rejected')
  returning z.id
)
select (select count(*) from hh) as households, (select count(*) from rp) as risk_points, (select count(*) from hz) as hazards
