-- Two things that make patrol coverage fast enough to keep:
--
-- 1. One function for the band a track covers (the seed and the server both call it). A phone track at 1 Hz with
--    metres of GPS noise zig-zags over itself thousands of times, and buffering such a line took over a minute for
--    one day in one grid. Such tracks (more than max_vertices after simplifying) are first reduced to the distinct
--    cells of a lattice (lattice_m) they pass through, after densifying so no cell is skipped, and the cells'
--    centres are buffered instead: the union of discs a lattice step apart differs from the line's buffer by under
--    half a metre of sag, and by the snapping (under 0.71 × lattice_m) at the edge. Short, clean tracks are buffered
--    as lines. Units: the track is Web Mercator; k = 1 / cos(latitude) turns ground metres into Mercator units.
--
-- 2. A cache of the gaps (the part of a grid nobody covered in the last N days), kept per grid, window and local day.
--    Merging a window's covered parts takes about a millisecond per grid, seconds for a county; a gap once computed
--    stays right until a track of that grid changes (the server then deletes the grid's rows) or the day turns.

create function gw_patrol_band(track geometry, k float8, radius_m float8, simplify_m float8, lattice_m float8,
                               max_vertices integer) returns geometry
language sql immutable parallel safe as $$
  select case
    when st_npoints(line) <= max_vertices then st_buffer(line, radius_m * k, 'quad_segs=4')
    else (select st_buffer(st_collect(cell), radius_m * k, 'quad_segs=4')
          from (select distinct (st_dumppoints(st_snaptogrid(st_segmentize(line, lattice_m * k), lattice_m * k))).geom as cell) cells)
  end
  from (select st_simplify(st_force2d(track), simplify_m * k) as line) s
$$;

create table patrol_gap (
  grid_id          bigint not null references grid (id),
  county_code      text not null,
  days             integer not null check (days between 1 and 366),
  as_of            date not null,                 -- the window's last local day (today when computed)
  patrolled        boolean not null,              -- any patrol in the window
  last_at          timestamptz,                   -- the grid's last patrol ever
  gap              geometry(MultiPolygon, 4326),  -- null: nothing left unvisited
  unvisited_m2     double precision not null,
  unvisited_share  double precision not null,
  computed_at      timestamptz not null default now(),
  primary key (grid_id, days, as_of)
);
create index patrol_gap_window on patrol_gap (days, as_of);
