-- Hazards (signed-in only, within the actor's jurisdiction): below z12 clustered, from z12 one feature each, open
-- ones first when the cap bites.
-- $1 z, $2 x, $3 y, $4 code prefix of the actor's jurisdiction, $5 feature cap
--
-- Clusters as in household.sql: cells 8 to a tile side counted from the Web Mercator origin, so each point is in one
-- cell of one tile; a cell's hazards become one point at their mean position, without an id, with point_count, open
-- (not closed), major_open, top_severity (the gravest of the open ones) and first_deadline (the earliest deadline of
-- the open ones); a cell of one sends the hazard itself. Overdue is left to the reader of first_deadline: a tile
-- depends on the rows only, never on the clock, so the cache stays right without expiry.
with bounds as (
  select st_tileenvelope($1, $2, $3) as env, st_tileenvelope($1, $2, $3, margin => 64.0 / 4096) as wide,
         40075016.685578488 / (8 * 2 ^ $1::int) as cell, $1::int < 12 as clustered
), scoped as (
  select z.id, z.category, z.severity, z.status, z.description, g.code as grid_code, z.reported_at, z.deadline,
         z.closed_at, z.geom_3857,
         -- read once here: every later use would unpack the geometry again
         st_x(z.geom_3857) as px, st_y(z.geom_3857) as py
  from hazard z cross join bounds b left join grid g on g.id = z.grid_id
  where z.geom_3857 && b.wide and z.county_code = left($4, 6) and (g.code like $4 || '%'
         -- in no grid (left in a gap by an edit): shown to those whose unit holds it
         or (g.id is null and exists (select 1 from admin_unit u where u.code = $4 and st_intersects(u.geom, z.geom))))
), plain as (
  select s.id, s.category, s.severity, s.status, s.description, s.grid_code,
         to_char(s.reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as reported_at,
         to_char(s.deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as deadline,
         to_char(s.closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as closed_at,
         null::int4 as point_count, null::int4 as open, null::int4 as major_open, null::text as top_severity,
         null::text as first_deadline, st_asmvtgeom(s.geom_3857, b.env, 4096, 64, true) as geom
  from scoped s cross join bounds b
  where not b.clustered
  order by s.closed_at is not null, s.reported_at desc
  limit $5
), cells as (
  select floor((s.px + 20037508.342789244) / b.cell) as cx,
         floor((20037508.342789244 - s.py) / b.cell) as cy,
         case when s.closed_at is null then array_position(array['major', 'general', 'minor'], s.severity) end as rank, s.*
  from scoped s cross join bounds b
  where b.clustered
), clusters as (
  select case when n = 1 then id end as id, case when n = 1 then category end as category,
         case when n = 1 then severity end as severity, case when n = 1 then status end as status,
         case when n = 1 then description end as description, case when n = 1 then grid_code end as grid_code,
         case when n = 1 then to_char(reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end as reported_at,
         case when n = 1 then to_char(deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end as deadline,
         case when n = 1 then to_char(closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end as closed_at,
         case when n > 1 then n end as point_count, case when n > 1 then open end as open,
         case when n > 1 then major_open end as major_open,
         case when n > 1 then (array['major', 'general', 'minor'])[top] end as top_severity,
         case when n > 1 then to_char(first_deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end as first_deadline,
         st_asmvtgeom(st_setsrid(st_makepoint(mx, my), 3857), b.env, 4096, 64, true) as geom
  from (
    -- min() of a column is the hazard's own value when the cell holds one hazard
    select count(*)::int4 as n, min(c.id) as id, min(c.category) as category, min(c.severity) as severity,
           min(c.status) as status, min(c.description) as description, min(c.grid_code) as grid_code,
           min(c.reported_at) as reported_at, min(c.deadline) as deadline, min(c.closed_at) as closed_at,
           count(*) filter (where c.closed_at is null)::int4 as open,
           count(*) filter (where c.closed_at is null and c.severity = 'major')::int4 as major_open,
           min(c.rank) as top, min(c.deadline) filter (where c.closed_at is null) as first_deadline,
           avg(c.px) as mx, avg(c.py) as my
    from cells c
    -- the cells of this tile only (8 to a side): a point on the edge between two tiles belongs to one of them
    where c.cx >= $2::int * 8 and c.cx < $2::int * 8 + 8 and c.cy >= $3::int * 8 and c.cy < $3::int * 8 + 8
    group by c.cx, c.cy
    order by count(*) filter (where c.closed_at is null) = 0, min(c.rank)
    limit $5
  ) cell cross join bounds b
), rows as (
  select * from plain union all select * from clusters
)
-- The feature count comes with the tile for free (same aggregate pass): metrics and the feature budget read it.
select st_asmvt(rows, 'hazard', 4096, 'geom', 'id') as mvt, count(*)::int4 as features from rows where geom is not null
