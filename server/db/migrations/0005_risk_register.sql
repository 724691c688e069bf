-- The risk register: risk points can be retired (kept for the hazards that refer to them), and the four-colour
-- risk map (红橙黄蓝) of the micro-grids, one rule in one place for the API and the tiles:
--   red    (major):  a major risk point, an open major hazard, or 3 or more overdue open hazards
--   orange (high):   a high risk point, an overdue open hazard, or 2 or more open hazards
--   yellow (medium): a medium risk point or an open hazard
--   blue   (low):    otherwise (low risk points only, or none)
-- Open = not closed or rejected; overdue = open past its deadline, at the time of the query.

alter table risk_point add column retired_at timestamptz, add column updated_at timestamptz not null default now(),
  add column updated_by text not null default 'seed';

create view grid_risk as
with points as (
  select grid_id,
         count(*) filter (where level = 'major') as major_points,
         count(*) filter (where level = 'high') as high_points,
         count(*) filter (where level = 'medium') as medium_points,
         count(*) as risk_points
  from risk_point where retired_at is null group by grid_id
), open_hazards as (
  select grid_id,
         count(*) as open_hazards,
         count(*) filter (where deadline < now()) as overdue_hazards,
         count(*) filter (where severity = 'major') as major_open
  from hazard where closed_at is null and status not in ('closed', 'rejected') group by grid_id
)
select g.id as grid_id, g.code, g.county_code,
       coalesce(p.risk_points, 0) as risk_points, coalesce(p.major_points, 0) as major_points,
       coalesce(p.high_points, 0) as high_points, coalesce(p.medium_points, 0) as medium_points,
       coalesce(h.open_hazards, 0) as open_hazards, coalesce(h.overdue_hazards, 0) as overdue_hazards,
       coalesce(h.major_open, 0) as major_open,
       case
         when coalesce(p.major_points, 0) > 0 or coalesce(h.major_open, 0) > 0 or coalesce(h.overdue_hazards, 0) >= 3 then 'red'
         when coalesce(p.high_points, 0) > 0 or coalesce(h.overdue_hazards, 0) > 0 or coalesce(h.open_hazards, 0) >= 2 then 'orange'
         when coalesce(p.medium_points, 0) > 0 or coalesce(h.open_hazards, 0) > 0 then 'yellow'
         else 'blue'
       end as colour
from grid g
left join points p on p.grid_id = g.id
left join open_hazards h on h.grid_id = g.id
where g.retired_at is null;
