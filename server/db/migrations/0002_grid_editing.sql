-- Grid editing: every version of every micro-grid (who, when, why, the geometry), retired grids kept rather than
-- deleted (hazards, patrols and history keep pointing at them), and the lineage of splits and merges, so that what
-- was recorded in an old grid is found from the grids that replaced it.

alter table grid add column retired_at timestamptz, add column retired_by text;
create index grid_live_group on grid (group_code) where retired_at is null;

create table grid_version (
  grid_id      bigint not null references grid (id),
  version      integer not null,
  county_code  text not null,
  code         text not null,
  name         text not null,
  group_code   text not null,
  kind         text not null,
  worker_id    bigint,
  geom         geometry(Polygon, 4326) not null,
  action       text not null check (action in ('create', 'update', 'delete', 'split', 'merge', 'restore', 'import', 'auto_split')),
  reason       text,
  actor        text not null,
  at           timestamptz not null default now(),
  primary key (grid_id, version)
);

create table grid_lineage (
  county_code text not null,
  parent_id  bigint not null references grid (id),
  child_id   bigint not null references grid (id),
  action     text not null check (action in ('split', 'merge', 'auto_split')),
  at         timestamptz not null default now(),
  primary key (parent_id, child_id)
);
create index grid_lineage_child on grid_lineage (child_id);

-- Grids that exist before this migration start their history here.
insert into grid_version (grid_id, version, county_code, code, name, group_code, kind, worker_id, geom, action, actor, at)
select id, version, county_code, code, name, group_code, kind, worker_id, geom, 'create', updated_by, updated_at from grid;
