-- Risk points (signed-in only, within the actor's jurisdiction): below z12 clustered, from z12 one feature each, the
-- most serious first when the cap bites.
-- $1 z, $2 x, $3 y, $4 code prefix of the actor's jurisdiction, $5 feature cap
--
-- Clusters as in household.sql: cells 8 to a tile side counted from the Web Mercator origin, so each point is in one
-- cell of one tile; a cell's points become one point at their mean position, without an id, with point_count, the
-- count per level (major, high, medium, low) and top_level, the gravest of them; a cell of one sends the point itself.
with bounds as (
  select st_tileenvelope($1, $2, $3) as env, st_tileenvelope($1, $2, $3, margin => 64.0 / 4096) as wide,
         40075016.685578488 / (8 * 2 ^ $1::int) as cell, $1::int < 12 as clustered
), scoped as (
  select r.id, r.kind, r.level, r.name, g.code as grid_code, r.inspection_interval_days, r.last_inspected_at, r.geom_3857,
         -- read once here: every later use would unpack the geometry again
         st_x(r.geom_3857) as px, st_y(r.geom_3857) as py
  from risk_point r cross join bounds b left join grid g on g.id = r.grid_id
  where r.geom_3857 && b.wide and r.retired_at is null and r.county_code = left($4, 6) and (g.code like $4 || '%'
         -- in no grid (left in a gap by an edit): shown to those whose unit holds it
         or (g.id is null and exists (select 1 from admin_unit u where u.code = $4 and st_intersects(u.geom, r.geom))))
), plain as (
  select s.id, s.kind, s.level, s.name, s.grid_code, s.inspection_interval_days,
         to_char(s.last_inspected_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last_inspected_at,
         null::int4 as point_count, null::int4 as major, null::int4 as high, null::int4 as medium, null::int4 as low,
         null::text as top_level, st_asmvtgeom(s.geom_3857, b.env, 4096, 64, true) as geom
  from scoped s cross join bounds b
  where not b.clustered
  order by array_position(array['major', 'high', 'medium', 'low'], s.level)
  limit $5
), cells as (
  select floor((s.px + 20037508.342789244) / b.cell) as cx,
         floor((20037508.342789244 - s.py) / b.cell) as cy,
         array_position(array['major', 'high', 'medium', 'low'], s.level) as rank, s.*
  from scoped s cross join bounds b
  where b.clustered
), clusters as (
  select case when n = 1 then id end as id, case when n = 1 then kind end as kind,
         case when n = 1 then level end as level, case when n = 1 then name end as name,
         case when n = 1 then grid_code end as grid_code,
         case when n = 1 then inspection_interval_days end as inspection_interval_days,
         case when n = 1 then to_char(last_inspected_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end as last_inspected_at,
         case when n > 1 then n end as point_count, case when n > 1 then major end as major,
         case when n > 1 then high end as high, case when n > 1 then medium end as medium,
         case when n > 1 then low end as low,
         case when n > 1 then (array['major', 'high', 'medium', 'low'])[top] end as top_level,
         st_asmvtgeom(st_setsrid(st_makepoint(mx, my), 3857), b.env, 4096, 64, true) as geom
  from (
    -- min() of a column is the point's own value when the cell holds one point
    select count(*)::int4 as n, min(c.id) as id, min(c.kind) as kind, min(c.level) as level, min(c.name) as name,
           min(c.grid_code) as grid_code, min(c.inspection_interval_days) as inspection_interval_days,
           min(c.last_inspected_at) as last_inspected_at, min(c.rank) as top,
           count(*) filter (where c.level = 'major')::int4 as major, count(*) filter (where c.level = 'high')::int4 as high,
           count(*) filter (where c.level = 'medium')::int4 as medium, count(*) filter (where c.level = 'low')::int4 as low,
           avg(c.px) as mx, avg(c.py) as my
    from cells c
    -- the cells of this tile only (8 to a side): a point on the edge between two tiles belongs to one of them
    where c.cx >= $2::int * 8 and c.cx < $2::int * 8 + 8 and c.cy >= $3::int * 8 and c.cy < $3::int * 8 + 8
    group by c.cx, c.cy
    order by min(c.rank)
    limit $5
  ) cell cross join bounds b
), rows as (
  select * from plain union all select * from clusters
)
-- The feature count comes with the tile for free (same aggregate pass): metrics and the feature budget read it.
select st_asmvt(rows, 'risk_point', 4096, 'geom', 'id') as mvt, count(*)::int4 as features from rows where geom is not null
