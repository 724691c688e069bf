-- Risk points: old houses at households, e-bike charging spots in compounds and larger settlements, crowded
-- places at markets and in towns, slopes (with their extent) in the hill grids, the 14 key enterprises and the
-- 24 key construction projects. Levels set the inspection interval (major weekly, high fortnightly, medium
-- monthly, low quarterly); the last inspection is spread so that some are overdue.

create function seed.risk_level(k text) returns text language sql immutable as $$
  select case when r < 0.03 then 'major' when r < 0.18 then 'high' when r < 0.58 then 'medium' else 'low' end
  from (select seed.rnd(k) as r) x
$$;

create table seed.risk as
select 'old_house' as kind, h.grid_id, h.geom, '老旧房屋' as label, 'h' || h.id as k
from household h where seed.rnd('oldhouse:' || h.id) < 0.033
union all
select 'ebike_charging', h.grid_id, h.geom, '电动车集中充电点', 'e' || h.id
from household h join grid g on g.id = h.grid_id
where seed.rnd('ebike:' || h.id) < case when g.kind = 'compound' then 0.05 else 0.009 end
union all
select 'crowded_place', g.id, seed.jitter(c.centre, 30, 'crowd:' || g.id),
       (array['农贸市场','学校','卫生院','集镇商铺','活动广场'])[1 + floor(seed.rnd('crowdname:' || g.id) * 5)::integer], 'c' || g.id
from grid g join seed.grid_centre c on c.id = g.id
where g.kind = 'market' or (g.kind = 'compound' and seed.rnd('crowd:' || g.id) < 0.25)
   or (g.kind = 'residential' and seed.rnd('crowd:' || g.id) < 0.03)
union all
select 'slope', g.id, st_pointonsurface(g.geom), '滑坡隐患点', 's' || g.id
from grid g where g.kind = 'enterprise' and seed.rnd('slope:' || g.id) < 0.12;

insert into risk_point (county_code, kind, level, name, grid_id, inspection_interval_days, last_inspected_at, attrs, geom, area)
select '532327', r.kind,
       case when r.kind = 'slope' and seed.rnd('lvl' || r.k) < 0.2 then 'major' else seed.risk_level('lvl' || r.k) end,
       g.name || r.label, r.grid_id, 1, null,
       jsonb_build_object('synthetic', true),
       r.geom,
       case when r.kind = 'slope' then
         st_intersection(g.geom, st_buffer(r.geom::geography, 40 + 100 * seed.rnd('slopearea' || r.k))::geometry)
       end
from seed.risk r join grid g on g.id = r.grid_id
order by r.k;

-- A slope's extent must be one polygon inside its grid.
update risk_point set area = (select d.geom from st_dump(area) d order by st_area(d.geom) desc limit 1)
where area is not null and geometrytype(area) <> 'POLYGON';

-- The 14 key enterprises and the 24 construction projects, in their dedicated grids.
insert into risk_point (county_code, kind, level, name, grid_id, inspection_interval_days, attrs, geom)
select '532327', 'enterprise', case when seed.rnd('entlvl' || g.id) < 0.4 then 'major' else 'high' end,
       (array['永仁水泥厂','永仁矿业公司','苴却砚厂','永仁磷化工','永仁林产品加工厂','永仁烟叶复烤厂','永仁光伏电站',
              '永仁建材公司','永仁石材厂','永仁食品厂','永仁水电站','永仁加油站','永仁物流园','永仁屠宰场'])[row_number() over (order by seed.rnd('ent:' || g.code))],
       g.id, 7, jsonb_build_object('synthetic', true, 'key', true), st_pointonsurface(g.geom)
from grid g where g.kind = 'enterprise' and g.id in (
  select id from grid where kind = 'enterprise' order by seed.rnd('ent:' || code) limit 14);

insert into risk_point (county_code, kind, level, name, grid_id, inspection_interval_days, attrs, geom)
select '532327', 'project', 'high', g.name || '重点建设项目', g.id, 14,
       jsonb_build_object('synthetic', true, 'key', true), st_pointonsurface(g.geom)
from grid g where g.kind = 'project';

update risk_point set inspection_interval_days = case level when 'major' then 7 when 'high' then 14
                                                            when 'medium' then 30 else 90 end
where kind not in ('enterprise', 'project');

update risk_point set last_inspected_at = current_setting('gw.anchor')::timestamptz
  - make_interval(secs => seed.rnd('insp:' || id) * inspection_interval_days * 1.3 * 86400);
