-- Scratch schema for the seed: deterministic randomness and the recursive partition of a polygon into cells.
-- Dropped when the seed finishes. Randomness is a hash of the seed and a key, so the result does not depend on
-- row order, plan or parallelism: the same seed gives the same county.

create schema seed;

-- Uniform [0, 1) from a key.
create function seed.rnd(k text) returns double precision language sql immutable parallel safe as $$
  select ('x' || substr(md5(current_setting('gw.seed') || ':' || k), 1, 8))::bit(32)::bigint / 4294967296.0
$$;

-- A positive integer seed for ST_GeneratePoints from a key.
create function seed.int_seed(k text) returns integer language sql immutable parallel safe as $$
  select 1 + floor(seed.rnd(k) * 2000000000)::integer
$$;

-- Standard normal from a key (Box-Muller).
create function seed.normal(k text) returns double precision language sql immutable parallel safe as $$
  select sqrt(-2 * ln(1 - seed.rnd(k || 'a'))) * cos(2 * pi() * seed.rnd(k || 'b'))
$$;

-- A point displaced from p by a normal offset of sigma metres in each axis.
create function seed.jitter(p geometry, sigma_m double precision, k text) returns geometry
language sql immutable parallel safe as $$
  select st_setsrid(st_point(
    st_x(p) + seed.normal(k || 'x') * sigma_m / (111320 * cos(radians(st_y(p)))),
    st_y(p) + seed.normal(k || 'y') * sigma_m / 110540), 4326)
$$;

-- Split counts: integer shares of total proportional to weights (largest remainder), at least min_each.
create function seed.apportion(total integer, weights double precision[], min_each integer default 0)
returns integer[] language plpgsql immutable as $$
declare
  n integer := array_length(weights, 1);
  free integer := total - n * min_each;
  wsum double precision := 0;
  quota double precision;
  result integer[] := array_fill(0, array[n]);
  rema double precision[] := array_fill(0::double precision, array[n]);
  left_over integer;
  i integer;
begin
  for i in 1..n loop wsum := wsum + weights[i]; end loop;
  for i in 1..n loop
    quota := free * weights[i] / wsum;
    result[i] := min_each + floor(quota);
    rema[i] := quota - floor(quota);
  end loop;
  left_over := total - (select sum(x) from unnest(result) x);
  for i in (select ord from unnest(rema) with ordinality r(v, ord) order by v desc, ord limit left_over) loop
    result[i] := result[i] + 1;
  end loop;
  return result;
end $$;

-- n cell centres inside parent, by k-means over sample points: a share of them normally spread (sigma metres)
-- around focus, so cells near a town or settlement come out smaller. Each centre is a sample point (inside the
-- parent, even where the parent is not convex). Returned nearest the focus first.
create function seed.kmeans_seeds(parent geometry, n integer, k text, focus geometry,
                                  focus_share double precision, sigma_m double precision)
-- Volatile on purpose: it is deterministic, but a stable function in a lateral subquery gets inlined into every
-- place that uses its result, and k-means then runs once per output row.
returns geometry[] language sql volatile as $$
  with uniform as (
    select (st_dump(st_generatepoints(parent, greatest(1, round(n * 30 * (1 - focus_share))::integer),
                                      seed.int_seed(k)))).geom as p
  ), near as (
    select seed.jitter(focus, sigma_m, k || ':' || i) as p
    from generate_series(1, round(n * 30 * focus_share)::integer) i
  ), samples as (
    select p from uniform union all select p from near where st_intersects(p, parent)
  ), clustered as (
    select p, st_clusterkmeans(p, n) over () as cid from samples
  ), centres as (
    select cid, st_centroid(st_collect(p)) as c, array_agg(p) as ps from clustered group by cid
  )
  select array_agg(s order by st_distance(s, focus), st_x(s)) from (
    select (select q from unnest(ps) q order by q <-> c, st_x(q) limit 1) as s from centres
  ) picked
$$;

-- Cuts parent into one cell per seed (Voronoi clipped to the parent), so siblings share their edges exactly and
-- together cover the parent. A cell cut in pieces by a bay of the parent keeps the piece holding its seed; the
-- other pieces join the neighbour they share most border with.
create function seed.partition(parent geometry, seeds geometry[])
returns table (idx integer, geom geometry) language sql volatile as $$
  with pts as (
    select i, seeds[i] as p from generate_subscripts(seeds, 1) i
  ), cells as (
    select (st_dump(st_voronoipolygons(st_collect(p), 0, parent))).geom as cell from pts
  ), pieces as (
    select row_number() over () as pid, d.geom as g
    from cells, lateral st_dump(st_intersection(cells.cell, parent)) d
    where geometrytype(d.geom) = 'POLYGON' and st_area(d.geom) > 0
  ), owned as (
    select pid, g, (select i from pts where st_intersects(g, pts.p) order by i limit 1) as i from pieces
  ), adopted as (
    select o.pid, o.g, coalesce(o.i, (
      select n.i from owned n where n.i is not null and st_intersects(n.g, o.g)
      order by st_length(st_intersection(st_boundary(n.g), st_boundary(o.g))) desc, n.i limit 1)) as i
    from owned o
  )
  select i, st_makevalid(st_union(g)) from adopted where i is not null group by i
$$;

-- 1..99 in Chinese numerals, for group names (大坝村十二组).
create function seed.cn_number(n integer) returns text language sql immutable as $$
  select case
    when n <= 10 then d[n]
    when n < 20 then '十' || d[n - 10]
    else d[n / 10] || '十' || coalesce(d[nullif(n % 10, 0)], '')
  end
  from (select array['一','二','三','四','五','六','七','八','九','十'] as d) digits
$$;
