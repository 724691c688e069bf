-- Hot-spot cells as the unit's live micro-grids: per grid the severity-weighted hazard count x_i, and over its
-- neighbourhood (itself and every grid it touches) the number of cells and the sum of their x: the sums Gi* needs,
-- so only n rows leave the database and the statistic itself is computed in gi-star.ts.
-- Neighbours are grids within 10 cm (the register's dust tolerance) rather than ST_Touches/ST_Intersects: in the
-- seeded partition about 7% of shared edges meet only within floating-point noise and plain intersection misses them.
-- A hazard counts in its grid; one whose grid was retired since (a split, a merge) counts in the live grid holding it.
-- $1 unit code (scope), $2 from or null, $3 to or null, $4 severity[] or null, $5 category[] or null,
-- $6 status[] or null, $7 severity weights as jsonb {"minor": 1, …}
with hz as (
  select coalesce(case when g.retired_at is null then g.id end,
                  (select l.id from grid l
                   where l.retired_at is null and l.code like $1 || '%' and st_intersects(l.geom, z.geom)
                   order by l.id limit 1)) as cell_id,
         ($7::jsonb ->> z.severity)::float8 as w
  from hazard z join grid g on g.id = z.grid_id
  where g.code like $1 || '%' and z.county_code = left($1, 6)
    and ($2::timestamptz is null or z.reported_at >= $2) and ($3::timestamptz is null or z.reported_at < $3)
    and ($4::text[] is null or z.severity = any($4))
    and ($5::text[] is null or z.category = any($5))
    and ($6::text[] is null or z.status = any($6))
), x as (
  select c.id, count(hz.w)::int as n, coalesce(sum(hz.w), 0)::float8 as w
  from grid c left join hz on hz.cell_id = c.id
  where c.code like $1 || '%' and c.retired_at is null
  group by c.id
), nb as (
  select a.id, count(*)::int as k, sum(xb.w)::float8 as wx
  from grid a
  join grid b on st_dwithin(a.geom_3857, b.geom_3857, 0.1)
  join x xb on xb.id = b.id
  where a.code like $1 || '%' and a.retired_at is null and b.code like $1 || '%' and b.retired_at is null
  group by a.id
)
select c.id, c.code, c.name, x.n, x.w, nb.k, nb.wx, st_asgeojson(c.geom, 7)::json as geometry
from grid c join x on x.id = c.id join nb on nb.id = c.id
order by c.code
