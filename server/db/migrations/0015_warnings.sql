-- Targeted warnings before extreme weather, and who has answered them (叫应): a warning area with a level and a
-- message, one row per warned grid with its worker and phone as they were when it was issued, the worker's
-- acknowledgement, and the escalation to the group's leader when the worker stays silent past the stated time.

create table warning (
  id            bigint generated always as identity primary key,
  county_code   text not null check (county_code ~ '^[0-9]{6}$'),
  level         text not null check (level in ('blue', 'yellow', 'orange', 'red')),
  message       text not null check (length(message) between 1 and 500),
  disaster_id   bigint references disaster (id),
  ack_minutes   integer not null check (ack_minutes between 1 and 1440),
  issued_at     timestamptz not null,
  issued_by     text not null,
  geom          geometry(MultiPolygon, 4326) not null check (st_isvalid(geom) and not st_isempty(geom)),
  geom_3857     geometry(MultiPolygon, 3857) generated always as (st_transform(geom, 3857)) stored
);
create index warning_geom on warning using gist (geom);
create index warning_geom_3857 on warning using gist (geom_3857);
create index warning_county_time on warning (county_code, issued_at desc);

create table warning_recipient (
  id                  bigint generated always as identity primary key,
  county_code         text not null,
  warning_id          bigint not null references warning (id),
  grid_id             bigint not null references grid (id),
  grid_code           text not null,
  person_id           bigint references person (id),          -- the grid's worker; null when the grid has none
  name                text,
  phone               text,
  acknowledged_at     timestamptz,
  acknowledged_by     text,
  ack_note            text,
  escalated_at        timestamptz,                             -- silent past issued_at + ack_minutes
  escalated_to        bigint references person (id),           -- the group's grid leader
  unique (warning_id, grid_id)
);
create index warning_recipient_silent on warning_recipient (warning_id) where acknowledged_at is null and escalated_at is null;
create index warning_recipient_person on warning_recipient (person_id);
