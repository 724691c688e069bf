-- The core registry: administrative units, micro-grids, people, households, risk points, hazards, patrols, and
-- the accounts that act on them. Geometry is WGS84 (EPSG:4326; CGCS2000 is accepted as the same) with a stored
-- Web Mercator copy for tiles, so tile queries never transform a column per row.
-- Every table carries county_code so a province can later be partitioned or sharded on it.

create extension if not exists postgis;

create table admin_unit (
  code         text primary key check (code ~ '^[0-9]{6}([0-9]{3}){0,3}$'),
  county_code  text not null check (county_code ~ '^[0-9]{6}$' and left(code, 6) = county_code),
  level        text not null check (level in ('county', 'township', 'village', 'group')),
  name         text not null,
  name_en      text,
  parent_code  text references admin_unit (code),
  population   integer not null default 0 check (population >= 0),
  households   integer not null default 0 check (households >= 0),
  geom         geometry(MultiPolygon, 4326) not null check (st_isvalid(geom)),
  geom_3857    geometry(MultiPolygon, 3857) generated always as (st_transform(geom, 3857)) stored,
  check ((level = 'county') = (parent_code is null)),
  check (parent_code is null or code like parent_code || '%')
);
create index admin_unit_geom on admin_unit using gist (geom);
create index admin_unit_geom_3857 on admin_unit using gist (geom_3857);
create index admin_unit_parent on admin_unit (parent_code);
create index admin_unit_county_level on admin_unit (county_code, level);

create table person (
  id            bigint generated always as identity primary key,
  county_code   text not null check (county_code ~ '^[0-9]{6}$'),
  name          text not null,
  phone         text,                -- the public duty phone posted on grid notices
  role          text not null check (role in ('chief', 'leader', 'worker')),
  jurisdiction  text not null check (jurisdiction ~ '^[0-9]{6}([0-9]{3}){0,3}([0-9]{2})?$')  -- unit or grid code
);
create index person_jurisdiction on person (jurisdiction text_pattern_ops);

create table grid (
  id           bigint generated always as identity primary key,
  code         text not null unique check (code ~ '^[0-9]{17}$' and code like group_code || '__'),
  county_code  text not null check (left(code, 6) = county_code),
  name         text not null,
  group_code   text not null references admin_unit (code),
  kind         text not null check (kind in ('residential', 'enterprise', 'park', 'market', 'compound', 'project')),
  households   integer not null default 0 check (households >= 0),
  population   integer not null default 0 check (population >= 0),
  worker_id    bigint references person (id),
  version      integer not null default 1,
  updated_at   timestamptz not null default now(),
  updated_by   text not null default 'system',
  geom         geometry(Polygon, 4326) not null check (st_isvalid(geom)),
  geom_3857    geometry(Polygon, 3857) generated always as (st_transform(geom, 3857)) stored
);
create index grid_geom on grid using gist (geom);
create index grid_geom_3857 on grid using gist (geom_3857);
create index grid_group on grid (group_code);
create index grid_code_prefix on grid (code text_pattern_ops);
create index grid_worker on grid (worker_id);

create table household (
  id           bigint generated always as identity primary key,
  county_code  text not null,
  grid_id      bigint references grid (id),   -- filled by containment
  persons      integer not null check (persons > 0),
  geom         geometry(Point, 4326) not null,
  geom_3857    geometry(Point, 3857) generated always as (st_transform(geom, 3857)) stored
);
create index household_geom on household using gist (geom);
create index household_geom_3857 on household using gist (geom_3857);
create index household_grid on household (grid_id);

create table risk_point (
  id                        bigint generated always as identity primary key,
  county_code               text not null,
  kind                      text not null check (kind ~ '^[a-z_]+$'),  -- old_house, slope, crowded_place, ...
  level                     text not null check (level in ('low', 'medium', 'high', 'major')),
  name                      text not null,
  grid_id                   bigint references grid (id),
  inspection_interval_days  integer not null check (inspection_interval_days > 0),
  last_inspected_at         timestamptz,
  attrs                     jsonb not null default '{}',
  geom                      geometry(Point, 4326) not null,
  geom_3857                 geometry(Point, 3857) generated always as (st_transform(geom, 3857)) stored,
  area                      geometry(Polygon, 4326) check (area is null or st_isvalid(area))  -- a slope's extent
);
create index risk_point_geom on risk_point using gist (geom);
create index risk_point_geom_3857 on risk_point using gist (geom_3857);
create index risk_point_grid on risk_point (grid_id);

create table hazard (
  id             bigint generated always as identity primary key,
  county_code    text not null,
  grid_id        bigint references grid (id),
  risk_point_id  bigint references risk_point (id),
  category       text not null,
  severity       text not null check (severity in ('minor', 'general', 'major')),
  status         text not null check (status in ('reported', 'fixed_on_spot', 'assigned', 'rectifying', 'rectified',
                                                 'accepted', 'closed', 'escalated', 'supervised', 'rejected')),
  description    text,
  reported_by    bigint references person (id),
  reported_at    timestamptz not null,
  deadline       timestamptz,
  closed_at      timestamptz,
  geom           geometry(Point, 4326) not null,
  geom_3857      geometry(Point, 3857) generated always as (st_transform(geom, 3857)) stored
);
create index hazard_geom on hazard using gist (geom);
create index hazard_geom_3857 on hazard using gist (geom_3857);
create index hazard_grid on hazard (grid_id);
create index hazard_status on hazard (county_code, status);

create table hazard_event (
  id         bigint generated always as identity primary key,
  hazard_id  bigint not null references hazard (id) on delete cascade,
  at         timestamptz not null,
  actor_id   bigint references person (id),
  actor      text not null,                -- who acted, as shown in the history
  action     text not null,
  note       text
);
create index hazard_event_hazard on hazard_event (hazard_id, at);

create table patrol (
  id           bigint generated always as identity primary key,
  county_code  text not null,
  worker_id    bigint not null references person (id),
  grid_id      bigint references grid (id),   -- the worker's own grid at the time
  started_at   timestamptz not null,
  ended_at     timestamptz not null check (ended_at >= started_at),
  track        geometry(LineStringM, 4326) not null,   -- M = epoch seconds
  track_3857   geometry(LineStringM, 3857) generated always as (st_transform(track, 3857)) stored
);
create index patrol_track on patrol using gist (track);
create index patrol_track_3857 on patrol using gist (track_3857);
create index patrol_worker_time on patrol (worker_id, started_at);
create index patrol_started on patrol (county_code, started_at);

create table app_user (
  id             bigint generated always as identity primary key,
  username       text not null unique check (username ~ '^[a-z0-9_.-]{2,40}$'),
  password_hash  text not null,
  role           text not null check (role in ('chief', 'leader', 'worker', 'planner', 'viewer')),
  jurisdiction   text not null check (jurisdiction ~ '^[0-9]{6}([0-9]{3}){0,3}([0-9]{2})?$'),
  person_id      bigint references person (id),
  display_name   text not null
);

-- Sessions are stored by the hash of their token, so a database dump cannot be used to sign in.
create table app_session (
  token_hash  text primary key,
  user_id     bigint not null references app_user (id) on delete cascade,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null
);
create index app_session_expires on app_session (expires_at);
