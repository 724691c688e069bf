-- Generalised polygons for the tile layers (grid, grid_risk, admin_unit): each grid and administrative unit stored
-- once more per zoom band, simplified to about half a tile pixel at the band's most detailed zoom, so a county- or
-- province-wide tile reads stored shapes instead of simplifying every polygon again on every cold tile.
--
-- Bands (generalised_band): z ≤ 7 (province), z 8–9 (county), z 10–12 (township); from z13 the tiles read the
-- geometry itself. A band is named by its most detailed zoom; its tolerance is simplifyTolerance(band) of
-- server/tiles/tile-layers.ts, half a 4096-grid unit in Web Mercator metres (38.2, 9.6 and 1.2 m).
--
-- Coverage-preserving: simplifying each polygon by itself moves the two sides of a shared boundary differently, and
-- neighbours open slivers or overlap at low zoom. Instead the boundaries of a set of polygons are noded into one
-- network of edges between junctions (ST_UnaryUnion, then ST_LineMerge joins the pieces between junctions), the whole
-- network is simplified in one call of ST_SimplifyPreserveTopology (Douglas–Peucker that keeps every edge's end points
-- and lets no edge cross another), and each polygon is rebuilt (ST_BuildArea) from its own simplified edges. Both
-- neighbours of an edge get the same simplified line, so shared boundaries stay identical. (ST_CoverageSimplify does this in PostGIS 3.4 with GEOS 3.12; Debian 12
-- has PostGIS 3.3 with GEOS 3.11.) A rebuilt shape that is not valid, has lost a part or a hole, or strays further
-- than the tolerance (an edge whose two sides collapsed onto each other, say) falls back to the polygon simplified
-- by itself, and that to the polygon itself: every stored shape is valid and non-empty (checked below).
--
-- Kept current by statement-level triggers, in the transaction of the edit, from any writer (the API or plain SQL):
-- a grid inserted, its geometry changed, retired, restored or deleted recomputes the live grids within reach (it and
-- the grids meeting its old or new shape, with their own neighbours as context so every junction on their
-- boundaries is seen). An edge's end points are junctions, which only the polygons on that boundary decide; so the
-- recomputed shapes are those a recomputation of everything would give (up to Douglas–Peucker's no-crossing rule
-- looking at slightly different neighbourhoods). Administrative units recompute their whole county, level by level
-- (776 units in about a second; they are edited rarely). Where a
-- stored shape changed, the trigger sends the tile cache the box of the old and new shapes on gw_tiles (migration
-- 0017), delivered at commit like the others: a neighbour's boundary may move just outside the edited grid's box.
--
-- A polygon too small for the band is never dropped here; the tile queries draw one that collapses in the 4096 grid
-- as a one-pixel dot at a point inside it.

create function generalised_band(z integer) returns integer
language sql immutable parallel safe
return case when z <= 7 then 7 when z <= 9 then 9 when z <= 12 then 12 end;

create function generalised_tolerance(band integer) returns double precision
language sql immutable parallel safe
return 40075016.686 / 2 ^ band / 4096 / 2;

create table grid_generalised (
  grid_id      bigint not null references grid (id) on delete cascade,
  band         integer not null,   -- generalised_band: the most detailed zoom the shape is drawn at
  county_code  text not null,
  geom_3857    geometry(MultiPolygon, 3857) not null check (st_isvalid(geom_3857) and not st_isempty(geom_3857)),
  primary key (grid_id, band)
);
create index grid_generalised_geom_3857 on grid_generalised using gist (geom_3857);

create table admin_unit_generalised (
  code         text not null references admin_unit (code) on delete cascade,
  band         integer not null,
  county_code  text not null,
  geom_3857    geometry(MultiPolygon, 3857) not null check (st_isvalid(geom_3857) and not st_isempty(geom_3857)),
  primary key (code, band)
);
create index admin_unit_generalised_geom_3857 on admin_unit_generalised using gist (geom_3857);

-- An edge in one canonical form, so both sides of a boundary, and every recomputation, simplify the same line the
-- same way: an open edge runs from its lesser end point (x, then y); a closed one (a ring with no junction on it, an
-- enclave) runs counter-clockwise from its least vertex.
create function generalised_edge(e geometry) returns geometry
language plpgsql immutable strict parallel safe as $$
declare
  n integer := st_npoints(e) - 1;
  least_i integer := 1;
  p geometry;
begin
  if not st_isclosed(e) then
    if array[st_x(st_startpoint(e)), st_y(st_startpoint(e))] > array[st_x(st_endpoint(e)), st_y(st_endpoint(e))] then
      return st_reverse(e);
    end if;
    return e;
  end if;
  if not st_ispolygonccw(st_makepolygon(e)) then
    e := st_reverse(e);
  end if;
  for i in 2 .. n loop
    p := st_pointn(e, i);
    if array[st_x(p), st_y(p)] < array[st_x(st_pointn(e, least_i)), st_y(st_pointn(e, least_i))] then
      least_i := i;
    end if;
  end loop;
  if least_i = 1 then
    return e;
  end if;
  -- the ring from its least vertex round to the vertex before it, and back to the least one
  return st_makeline(array(select st_pointn(e, 1 + (least_i - 1 + j) % n) from generate_series(0, n) j order by j));
end
$$;

-- Boundaries that are one line in the world arrive as two: each side of a village group border was cut from its own
-- group, and the points where the cells' lines meet the border were rounded to the 1e-7° grid separately, so the
-- two sides cross each other every few metres, millimetres apart. Noding them as they are would put a junction at
-- every crossing (more vertices than the original) and keep the slivers. Snap-rounding the noding to a 5 cm grid
-- (ST_UnaryUnion with a grid size) makes them one line; 5 cm is nothing at the bands' tolerances (1.2 m and up).
create function generalised_snap() returns double precision
language sql immutable parallel safe
return 0.05;

-- The edge network of a set of polygons: their boundaries noded where they meet, merged between junctions.
create function generalised_edges(boundaries geometry) returns table (k bigint, edge geometry)
language sql immutable strict parallel safe as $$
  select d.path[1]::bigint, generalised_edge(d.geom)
  from st_dump(st_linemerge(st_unaryunion(boundaries, generalised_snap()))) d
$$;

-- The middle of an edge's first segment: a point on the edge and on no other edge, to find which polygons it bounds
-- (those whose boundary passes within the snapping distance).
create function generalised_edge_point(edge geometry) returns geometry
language sql immutable strict parallel safe
return st_centroid(st_makeline(st_pointn(edge, 1), st_pointn(edge, 2)));

-- One polygon rebuilt from its simplified edges, or the fallbacks described at the top.
create function generalised_shape(edges geometry, original geometry, tolerance double precision) returns geometry
language plpgsql immutable parallel safe as $$
declare shape geometry := st_multi(st_buildarea(edges));
begin
  if shape is not null and not st_isempty(shape) and st_isvalid(shape)
     and st_numgeometries(shape) = st_numgeometries(original) and st_nrings(shape) = st_nrings(original)
     and st_hausdorffdistance(shape, original) <= tolerance * 1.001 + generalised_snap() then
    return shape;
  end if;
  shape := st_multi(st_simplifypreservetopology(original, tolerance));
  if not st_isempty(shape) and st_isvalid(shape) then
    return shape;
  end if;
  return st_multi(original);
end
$$;

-- Recomputes the stored shapes of the given live grids (redo), with the live grids meeting them as context, and
-- tells the tile cache where a stored shape changed.
create function grid_generalise(redo bigint[]) returns void
language plpgsql as $$
declare box box2d;
begin
  if coalesce(cardinality(redo), 0) = 0 then return; end if;
  -- Two edits committing at once would each compute from a snapshot without the other's change; one at a time,
  -- each sees what the other committed (READ COMMITTED takes a new snapshot per statement).
  perform pg_advisory_xact_lock(hashtext('grid_generalised'));
  with target as materialized (
    select g.id, g.county_code, g.geom_3857 from grid g where g.id = any(redo) and g.retired_at is null
  ), context as materialized (
    select distinct on (c.id) c.id, c.geom_3857 from target t join grid c on st_intersects(c.geom_3857, t.geom_3857)
    where c.retired_at is null
  ), edges as materialized (
    select e.k, e.edge from (select st_collect(st_boundary(geom_3857)) as b from context) c, generalised_edges(c.b) e
  ), owner as materialized (
    -- every polygon of the context an edge bounds; those outside the target drop out below
    select e.k, g.id from edges e
    cross join lateral (select generalised_edge_point(e.edge) as p) m
    join grid g on st_dwithin(g.geom_3857, m.p, generalised_snap())
     and st_dwithin(st_boundary(g.geom_3857), m.p, generalised_snap())
  ), bands as (
    select distinct generalised_band(z) as band from generate_series(0, 12) z
  ), simplified as materialized (
    select b.band, s.path[1]::bigint as k, s.geom as edge
    from bands b, (select st_collect(edge order by k) as lines from edges) n,
         st_dump(st_simplifypreservetopology(n.lines, generalised_tolerance(b.band))) s
  ), rebuilt as materialized (
    -- Both sides of a sliver narrower than the snapping count as a polygon's edges; simplified, they become one
    -- line twice, kept once (the sliver closes).
    select t.id, s.band, st_collect(distinct s.edge) as edges
    from target t join owner o on o.id = t.id join simplified s on s.k = o.k
    group by t.id, s.band
  ), shapes as materialized (
    -- A grid none of whose edges was matched (only if noding moved its boundary by more than the snapping) is
    -- simplified by itself: generalised_shape falls back when given no edges.
    select t.id, b.band, t.county_code, generalised_shape(r.edges, t.geom_3857, generalised_tolerance(b.band)) as geom
    from target t cross join bands b left join rebuilt r on r.id = t.id and r.band = b.band
  ), changed as (
    select n.geom as now, s.geom_3857 as was
    from shapes n left join grid_generalised s on s.grid_id = n.id and s.band = n.band
    where s.geom_3857 is null or not st_equals(s.geom_3857, n.geom)
  ), stored as (
    insert into grid_generalised (grid_id, band, county_code, geom_3857)
    select id, band, county_code, geom from shapes order by id, band
    on conflict (grid_id, band) do update set county_code = excluded.county_code, geom_3857 = excluded.geom_3857
  )
  select st_extent(g) into box from (select now as g from changed union all select was from changed) x;
  perform gw_tiles_notify(array['grid', 'grid_risk'], box);
end
$$;

-- The triggers' part: which grids to recompute after a statement, from its transition tables.
create function grid_generalised_changed() returns trigger language plpgsql as $$
declare
  redo bigint[];
begin
  -- A bulk load that writes the stored shapes itself (scripts/province/replicate.sql copies them, translated with
  -- the rows) sets gw.generalised to off for its transaction.
  if current_setting('gw.generalised', true) = 'off' then return null; end if;
  if tg_op = 'INSERT' then
    select array_agg(distinct g.id) into redo from (
      select n.id from new_rows n
      union all
      select g.id from new_rows n join grid g on st_intersects(g.geom_3857, n.geom_3857)
    ) g;
  else
    -- Rows whose shape or liveness changed (or that are gone); a renamed grid or a new worker changes no shape.
    with moved as (
      select o.id, o.geom_3857 as was, n.geom_3857 as now
      from old_rows o left join new_rows n on n.id = o.id
      where tg_op = 'DELETE' or n.geom_3857 is distinct from o.geom_3857
         or (n.retired_at is null) <> (o.retired_at is null)
    )
    select array_agg(distinct g.id) into redo from (
      select m.id from moved m
      union all
      select g.id from moved m join grid g on st_intersects(g.geom_3857, m.was)
      union all
      select g.id from moved m join grid g on st_intersects(g.geom_3857, m.now)
    ) g;
    -- A retired grid keeps no stored shapes (its tiles read only live grids); a deleted one lost them by cascade.
    delete from grid_generalised s using old_rows o, grid g
    where s.grid_id = o.id and g.id = o.id and g.retired_at is not null;
  end if;
  perform grid_generalise(redo);
  return null;
end
$$;

create trigger generalised_ins after insert on grid referencing new table as new_rows
  for each statement execute function grid_generalised_changed();
create trigger generalised_upd after update on grid referencing old table as old_rows new table as new_rows
  for each statement execute function grid_generalised_changed();
create trigger generalised_del after delete on grid referencing old table as old_rows
  for each statement execute function grid_generalised_changed();

-- Recomputes the stored shapes of every unit of the given counties and levels, level by level: each level is a
-- coverage of its own (townships, say), with the units of the same level in other counties that touch them as context (a county
-- border is both counties' edge). One network for all levels would nest them exactly, but would put every group's
-- junctions into the village, township and county outlines, a fifth more bytes in a county tile for a difference
-- under half a pixel.
create function admin_unit_generalise(counties text[],
                                      levels text[] default array['county', 'township', 'village', 'group']) returns void
language plpgsql as $$
declare
  box box2d;
  unit_level text;
begin
  if coalesce(cardinality(counties), 0) = 0 then return; end if;
  perform pg_advisory_xact_lock(hashtext('admin_unit_generalised'));
  foreach unit_level in array levels loop
    with target as materialized (
      select a.code, a.county_code, a.geom_3857 from admin_unit a
      where a.county_code = any(counties) and a.level = unit_level
    ), context as materialized (
      select a.geom_3857 from target a
      union all
      select distinct on (a.code) a.geom_3857 from admin_unit k join admin_unit a on st_intersects(a.geom_3857, k.geom_3857)
      where k.county_code = any(counties) and k.level = 'county' and a.level = unit_level and a.county_code <> all(counties)
    ), edges as materialized (
      select e.k, e.edge from (select st_collect(st_boundary(geom_3857)) as b from context) c, generalised_edges(c.b) e
    ), owner as materialized (
      select e.k, a.code from edges e
      cross join lateral (select generalised_edge_point(e.edge) as p) m
      join admin_unit a on st_dwithin(a.geom_3857, m.p, generalised_snap())
       and st_dwithin(st_boundary(a.geom_3857), m.p, generalised_snap())
    ), bands as (
      select distinct generalised_band(z) as band from generate_series(0, 12) z
    ), simplified as materialized (
      select b.band, s.path[1]::bigint as k, s.geom as edge
      from bands b, (select st_collect(edge order by k) as lines from edges) n,
           st_dump(st_simplifypreservetopology(n.lines, generalised_tolerance(b.band))) s
    ), rebuilt as materialized (
      select t.code, s.band, st_collect(distinct s.edge) as edges
      from target t join owner o on o.code = t.code join simplified s on s.k = o.k
      group by t.code, s.band
    ), shapes as materialized (
      select t.code, b.band, t.county_code, generalised_shape(r.edges, t.geom_3857, generalised_tolerance(b.band)) as geom
      from target t cross join bands b left join rebuilt r on r.code = t.code and r.band = b.band
    ), changed as (
      select n.geom as now, s.geom_3857 as was
      from shapes n left join admin_unit_generalised s on s.code = n.code and s.band = n.band
      where s.geom_3857 is null or not st_equals(s.geom_3857, n.geom)
    ), stored as (
      insert into admin_unit_generalised (code, band, county_code, geom_3857)
      select code, band, county_code, geom from shapes order by code, band
      on conflict (code, band) do update set county_code = excluded.county_code, geom_3857 = excluded.geom_3857
    )
    select st_extent(g) into box from (select now as g from changed union all select was from changed) x;
    perform gw_tiles_notify(array['admin_unit'], box);
  end loop;
end
$$;

-- Only the levels a statement changed are recomputed (the seed inserts one level at a time).
create function admin_unit_generalised_changed() returns trigger language plpgsql as $$
declare
  counties text[];
  levels text[];
begin
  -- A bulk load that writes the stored shapes itself (scripts/province/replicate.sql copies them, translated with
  -- the rows) sets gw.generalised to off for its transaction.
  if current_setting('gw.generalised', true) = 'off' then return null; end if;
  if tg_op = 'INSERT' then
    select array_agg(distinct county_code), array_agg(distinct level) into counties, levels from new_rows;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct county_code), array_agg(distinct level) into counties, levels from old_rows;
  else
    select array_agg(distinct c), array_agg(distinct l) into counties, levels
    from old_rows o join new_rows n on n.code = o.code,
      unnest(array[o.county_code, n.county_code], array[o.level, n.level]) as x(c, l)
    where n.geom_3857 is distinct from o.geom_3857 or n.level <> o.level;
  end if;
  perform admin_unit_generalise(counties, levels);
  return null;
end
$$;

create trigger generalised_ins after insert on admin_unit referencing new table as new_rows
  for each statement execute function admin_unit_generalised_changed();
create trigger generalised_upd after update on admin_unit referencing old table as old_rows new table as new_rows
  for each statement execute function admin_unit_generalised_changed();
create trigger generalised_del after delete on admin_unit referencing old table as old_rows
  for each statement execute function admin_unit_generalised_changed();

-- Shapes for what is already there.
select admin_unit_generalise(array_agg(distinct county_code)) from admin_unit;
select grid_generalise(array_agg(id)) from grid where retired_at is null;
