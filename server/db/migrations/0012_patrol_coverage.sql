-- Patrol coverage per micro-grid and day, kept up to date when tracks arrive or are deleted (in the same
-- transaction), so coverage and gap views read finished rows instead of buffering all history at query time; and
-- the risk points each patrol passed. Days are the county's calendar days (China Standard Time), the day a
-- worker's duty is counted in.

create table patrol_coverage (
  grid_id         bigint not null references grid (id),
  day             date not null,
  county_code     text not null,
  worker_id       bigint not null references person (id),   -- who walked it (the latest track's worker that day)
  patrols         integer not null check (patrols > 0),
  -- The part of the grid within the cover radius of the day's tracks: kept so that gaps (grid minus the union of
  -- a window's covered parts) need no buffering of tracks at query time.
  covered         geometry(MultiPolygon, 4326) not null,
  covered_m2      double precision not null check (covered_m2 >= 0),
  grid_m2         double precision not null check (grid_m2 > 0),
  share           double precision not null check (share between 0 and 1),
  seconds_inside  double precision not null check (seconds_inside >= 0),  -- time spent inside the own grid
  first_at        timestamptz not null,
  last_at         timestamptz not null check (last_at >= first_at),
  computed_at     timestamptz not null default now(),
  primary key (grid_id, day)
);
create index patrol_coverage_county_day on patrol_coverage (county_code, day);

create table patrol_visit (
  county_code    text not null,
  risk_point_id  bigint not null references risk_point (id),
  patrol_id      bigint not null references patrol (id) on delete cascade,  -- deleting a track deletes its visits
  visited_at     timestamptz not null,   -- when the track came closest
  distance_m     double precision not null check (distance_m >= 0),
  primary key (risk_point_id, patrol_id)
);
create index patrol_visit_patrol on patrol_visit (patrol_id);
create index patrol_visit_point_time on patrol_visit (risk_point_id, visited_at desc);

-- A grid-day's coverage is recomputed from that grid's tracks of the day.
create index patrol_grid_time on patrol (grid_id, started_at);
