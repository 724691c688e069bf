-- Twelve months of hazards: 3,680 found (13 major), 3,188 closed (87%, the county's reported figure); the open
-- ones are mostly recent. Each hazard has its history as events along the path of its severity, cut at its
-- current state: minor ones are fixed on the spot, general ones rectified within 24 hours (most of them), major
-- ones escalated to a task force and supervised. Categories come from data/hazard-categories.json.

create table seed.hz as
with rp as (select id, grid_id, geom, kind, row_number() over (order by id) as n from risk_point),
     hh as (select id, grid_id, geom, row_number() over (order by id) as n from household),
     series as (select i, seed.rnd('hzloc:' || i) < 0.6 as at_risk, seed.rnd('hzrp:' || i) as pick
                from generate_series(1, 3680) i)
select s.i,
       coalesce(r.grid_id, h.grid_id) as grid_id, r.id as risk_point_id, r.kind as risk_kind,
       coalesce(r.geom, h.geom) as near,
       date_trunc('day', current_setting('gw.anchor')::timestamptz
                         - make_interval(days => 1 + floor(seed.rnd('hzday:' || s.i) * 364)::integer))
         + make_interval(mins => 480 + floor(seed.rnd('hzmin:' || s.i) * 600)::integer) as reported_at
from series s
left join rp r on s.at_risk and r.n = 1 + floor(s.pick * (select count(*) from risk_point))
left join hh h on not s.at_risk and h.n = 1 + floor(s.pick * (select count(*) from household));

-- Severity: 13 major (dangerous houses at old houses, cracks at slopes first), a third minor, the rest general.
alter table seed.hz add column severity text, add column category text, add column open boolean;
update seed.hz set severity = 'major' where i in (
  select i from seed.hz order by (risk_kind in ('old_house', 'slope')) desc, seed.rnd('major:' || i) limit 13);
update seed.hz set severity = case when seed.rnd('sev:' || i) < 0.35 then 'minor' else 'general' end
where severity is null;

update seed.hz h set category = (
  select c.code from seed.category c
  where c.severity = h.severity
    and (h.severity <> 'major' or c.code = case when h.risk_kind = 'slope' then 'slope_crack' else 'dangerous_house' end)
  order by seed.rnd('cat:' || h.i || c.code) limit 1);

-- 492 open (3,680 - 3,188), the most recent more likely; 4 of them major and under supervision.
update seed.hz set open = i in (
  (select i from seed.hz where severity <> 'major'
   order by reported_at + make_interval(days => floor(seed.rnd('open:' || i) * 90)::integer) desc limit 488)
  union all
  (select i from seed.hz where severity = 'major' order by reported_at desc limit 4));

create table seed.hz_path as
select * from (values
  ('minor',   array['reported', 'fixed_on_spot', 'closed']),
  ('general', array['reported', 'assigned', 'rectifying', 'rectified', 'closed']),
  ('major',   array['reported', 'escalated', 'supervised', 'assigned', 'rectifying', 'rectified', 'closed'])
) v(severity, path);

-- Where an open hazard stopped along its path, and how long a closed one took.
alter table seed.hz add column stop integer, add column closed_at timestamptz, add column deadline timestamptz;
update seed.hz h set
  stop = case when h.open then 1 + floor(seed.rnd('stop:' || h.i) * (array_length(p.path, 1) - 1))::integer
              else array_length(p.path, 1) end,
  deadline = h.reported_at + case h.severity when 'minor' then interval '2 hours' when 'general' then interval '24 hours'
                                             else interval '30 days' end,
  closed_at = case when not h.open then h.reported_at + case h.severity
      when 'minor' then make_interval(mins => 10 + floor(seed.rnd('dur:' || h.i) * 80)::integer)
      when 'general' then make_interval(secs => 3600 * case when seed.rnd('late:' || h.i) < 0.88
                                                     then 2 + seed.rnd('dur:' || h.i) * 21
                                                     else 25 + seed.rnd('dur:' || h.i) * 96 end)
      else make_interval(days => 12 + floor(seed.rnd('dur:' || h.i) * 40)::integer) end end
from seed.hz_path p where p.severity = h.severity;
-- A closed hazard never closes after the anchor date.
update seed.hz set closed_at = least(closed_at, current_setting('gw.anchor')::timestamptz - interval '1 minute')
where closed_at is not null;

-- Who found it, in the shares of the county's account: grid workers 1,379 and villages 1,593 of 3,680; leaders
-- the rest.
insert into hazard (county_code, grid_id, risk_point_id, category, severity, status, description, reported_by,
                    reported_at, deadline, closed_at, geom, found_by)
select '532327', h.grid_id, h.risk_point_id, h.category, h.severity, p.path[h.stop], c.zh, g.worker_id,
       h.reported_at, h.deadline, h.closed_at, seed.jitter(h.near, 8, 'hzpos:' || h.i),
       case when seed.rnd('finder:' || h.i) < 1379 / 3680.0 then 'worker'
            when seed.rnd('finder:' || h.i) < (1379 + 1593) / 3680.0 then 'village' else 'leader' end
from seed.hz h join seed.hz_path p on p.severity = h.severity join grid g on g.id = h.grid_id
join seed.category c on c.code = h.category
order by h.i;

-- The events, named by the action that led to each state (as the API names them, server/hazards/hazard-lifecycle.ts):
-- the grid worker reports and fixes; the group's grid leader assigns and accepts, which closes it (acceptance by
-- someone other than the fixer); the township's leader escalates and supervises major ones. Steps are spread over
-- the time the hazard took (open ones: until the anchor date).
insert into hazard_event (hazard_id, at, actor_id, actor, action, note)
select z.id,
       z.reported_at + (coalesce(z.closed_at, least(current_setting('gw.anchor')::timestamptz, z.reported_at + interval '20 days'))
                        - z.reported_at) * ((step - 1)::double precision / greatest(1, array_length(p.path, 1) - 1)),
       who.id, who.name,
       (array['report', 'fix_on_spot', 'assign', 'start', 'rectify', 'accept', 'escalate', 'supervise'])[
         array_position(array['reported', 'fixed_on_spot', 'assigned', 'rectifying', 'rectified', 'closed', 'escalated',
                              'supervised'], p.path[step])], null
from hazard z
join seed.hz_path p on p.severity = z.severity
join grid g on g.id = z.grid_id
cross join lateral generate_series(1, array_position(p.path, z.status)) step
cross join lateral (
  select pr.id, pr.name from person pr
  where pr.jurisdiction = case
    when p.path[step] in ('reported', 'fixed_on_spot', 'rectifying', 'rectified') then g.code
    when p.path[step] in ('escalated', 'supervised') then left(g.code, 9)
    else g.group_code end
  limit 1) who
order by z.id, step;
