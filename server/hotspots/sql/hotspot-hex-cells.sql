-- Hot-spot cells as hexagons over the unit: ST_HexagonGrid over the unit's stored Web Mercator outline, keeping the
-- hexagons that touch it. Per hexagon the severity-weighted hazard count x_i, and over its neighbourhood (itself
-- and the six of the first ring: centres within size·√3, with 1% slack) the number of cells and the sum of their x.
-- The lattice is ST_HexagonGrid's, anchored at the origin: column i has its centre at x = 1.5·s·i, odd columns
-- are shifted up half a row, so a point's hexagon and a hexagon's neighbours follow from (i, j) by arithmetic and
-- equality joins; spatial joins against a set built in the query have no index and took seconds.
-- The size is in metres on the ground: Web Mercator stretches by 1/cos(latitude), so s = size / cos(lat).
-- Hazards are scoped by their grid's code, so a hexagon on the border counts only the unit's hazards.
-- $1 unit code (scope), $2 from or null, $3 to or null, $4 severity[] or null, $5 category[] or null,
-- $6 status[] or null, $7 severity weights as jsonb {"minor": 1, …}, $8 hexagon size in metres (centre to corner)
with unit as (
  select geom_3857 as geom, $8::float8 / cos(radians(st_y(st_centroid(geom)))) as s from admin_unit where code = $1
  union all
  select geom_3857, $8::float8 / cos(radians(st_y(st_centroid(geom)))) from grid where code = $1 and retired_at is null
), hex as (
  select h.i, h.j, h.geom, 1.5 * u.s * h.i as cx, sqrt(3) * u.s * (h.j + 0.5 * (h.i & 1)) as cy
  from unit u cross join st_hexagongrid(u.s, u.geom) h
  where st_intersects(h.geom, u.geom)
), pt as (
  -- a point's hexagon is the one with the nearest centre, which lies in one of two columns
  select best.i, best.j, ($7::jsonb ->> z.severity)::float8 as w
  from unit u
  cross join hazard z
  join grid g on g.id = z.grid_id
  cross join lateral (select st_x(z.geom_3857) as x, st_y(z.geom_3857) as y) p
  cross join lateral (
    select col.i, round(p.y / (sqrt(3) * u.s) - 0.5 * (col.i & 1))::int as j
    from (values (floor(p.x / (1.5 * u.s))::int), (floor(p.x / (1.5 * u.s))::int + 1)) col (i)
    order by (p.x - 1.5 * u.s * col.i) ^ 2 + (p.y - sqrt(3) * u.s * (round(p.y / (sqrt(3) * u.s) - 0.5 * (col.i & 1)) + 0.5 * (col.i & 1))) ^ 2, col.i
    limit 1
  ) best
  where g.code like $1 || '%' and z.county_code = left($1, 6)
    and ($2::timestamptz is null or z.reported_at >= $2) and ($3::timestamptz is null or z.reported_at < $3)
    and ($4::text[] is null or z.severity = any($4))
    and ($5::text[] is null or z.category = any($5))
    and ($6::text[] is null or z.status = any($6))
), per_hex as (
  select i, j, count(*)::int as n, sum(w)::float8 as w from pt group by i, j
), x as (
  select hex.i, hex.j, hex.cx, hex.cy, coalesce(per_hex.n, 0) as n, coalesce(per_hex.w, 0)::float8 as w,
         st_asgeojson(st_transform(hex.geom, 4326), 7) as geometry
  from hex left join per_hex on per_hex.i = hex.i and per_hex.j = hex.j
), ring as materialized (
  -- the 3×3 block of (i, j) around a hexagon holds its first ring whichever way its column is shifted; materialised,
  -- and carrying the cell's own columns to the grouping, so the planner hash-joins on (i, j) instead of comparing
  -- every pair of hexagons (seconds for a county)
  select a.i, a.j, a.n, a.w, a.cx, a.cy, a.geometry, a.i + d.di as bi, a.j + d.dj as bj
  from x a cross join (values (-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 0), (0, 1), (1, -1), (1, 0), (1, 1)) d (di, dj)
)
select r.i, r.j, r.n, r.w, count(*)::int as k, sum(b.w)::float8 as wx, r.geometry::json as geometry
from ring r join x b on b.i = r.bi and b.j = r.bj
where (b.cx - r.cx) ^ 2 + (b.cy - r.cy) ^ 2 <= (sqrt(3) * 1.01 * (select s from unit)) ^ 2
group by r.i, r.j, r.n, r.w, r.geometry
order by r.i, r.j
