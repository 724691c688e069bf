-- Disaster verification (灾情核查): a disaster's footprint (drawn, uploaded, or a point or line buffered), the
-- verification tasks its affected area is split into, each with who verifies it, its state, its households in a
-- visiting order and the figures verified; and the initial, follow-up and verified reports (初报/续报/核报) kept as
-- they were produced.

create table disaster (
  id            bigint generated always as identity primary key,
  county_code   text not null check (county_code ~ '^[0-9]{6}$'),
  kind          text not null check (kind in ('landslide', 'flood', 'earthquake', 'cold_wave', 'fire', 'other')),
  occurred_at   timestamptz not null,
  description   text,
  source        text not null check (source in ('drawn', 'uploaded', 'buffered')),
  buffer_m      numeric check (buffer_m is null or buffer_m > 0),   -- how far a point or line was buffered
  created_at    timestamptz not null default now(),
  created_by    text not null,
  geom          geometry(MultiPolygon, 4326) not null check (st_isvalid(geom) and not st_isempty(geom)),
  geom_3857     geometry(MultiPolygon, 3857) generated always as (st_transform(geom, 3857)) stored
);
create index disaster_geom on disaster using gist (geom);
create index disaster_geom_3857 on disaster using gist (geom_3857);
create index disaster_county_time on disaster (county_code, occurred_at desc);

-- ready → in_progress → verified → needs_recheck → in_progress → verified …; the re-check goes to someone other
-- than who verified it last (checked by the server, recorded here).
create table verification_task (
  id                   bigint generated always as identity primary key,
  county_code          text not null,
  disaster_id          bigint not null references disaster (id),
  seq                  integer not null,                       -- task number within the disaster: 1, 2, …
  grid_id              bigint references grid (id),            -- for a plan of one task per grid
  buffer_m             numeric not null default 0,             -- the affected area the plan was made for
  household_ids        bigint[] not null,                      -- in visiting order
  tour_m               numeric not null default 0,             -- straight-line length of that order
  team                 text,
  assignee_person_id   bigint references person (id),
  state                text not null default 'ready' check (state in ('ready', 'in_progress', 'verified', 'needs_recheck')),
  figures              jsonb,
  verified_by          text,
  verified_by_person   bigint references person (id),
  verified_at          timestamptz,
  recheck_reason       text,
  version              integer not null default 1,
  updated_at           timestamptz not null default now(),
  geom                 geometry(MultiPolygon, 4326),           -- the task's area: its grid's part, or its households' hull
  unique (disaster_id, seq)
);
create index verification_task_disaster on verification_task (disaster_id);
create index verification_task_assignee on verification_task (assignee_person_id);

create table verification_task_event (
  id         bigint generated always as identity primary key,
  county_code text not null,
  task_id    bigint not null references verification_task (id),
  at         timestamptz not null,
  actor      text not null,
  action     text not null,
  note       text,
  figures    jsonb
);
create index verification_task_event_task on verification_task_event (task_id, at);

create table disaster_report (
  id           bigint generated always as identity primary key,
  county_code  text not null,
  disaster_id  bigint not null references disaster (id),
  kind         text not null check (kind in ('initial', 'follow_up', 'verified')),
  seq          integer not null,                               -- 续报 1, 2, … ; 1 for the others
  produced_at  timestamptz not null,
  produced_by  text not null,
  content      jsonb not null,
  unique (disaster_id, kind, seq)
);
