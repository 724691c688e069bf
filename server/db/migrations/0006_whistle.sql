-- "The grid finds, the community blows the whistle, the departments report for duty" (网格发现、社区吹哨、部门报到):
-- a village or township summons county departments to a hazard beyond its means. Each summoned department must
-- acknowledge by a deadline; a late one is escalated to the county and listed in the notification (通报).

create table department (
  code         text primary key check (code ~ '^[a-z_]+$'),
  county_code  text not null,
  name         text not null,
  name_en      text not null
);

alter table app_user add column department_code text references department (code);
alter table app_user drop constraint app_user_role_check;
alter table app_user add constraint app_user_role_check
  check (role in ('chief', 'leader', 'worker', 'planner', 'viewer', 'department'));
alter table app_user add constraint app_user_department_check check ((role = 'department') = (department_code is not null));

create table whistle_summons (
  id               bigint generated always as identity primary key,
  county_code      text not null,
  hazard_id        bigint not null references hazard (id),
  department_code  text not null references department (code),
  blown_by         text not null,
  blown_at         timestamptz not null,
  reason           text not null,
  due_at           timestamptz not null,          -- acknowledge by then
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  acted_at         timestamptz,
  action_note      text,
  escalated_at     timestamptz,                   -- set when the deadline passed unacknowledged
  unique (hazard_id, department_code)
);
create index whistle_summons_due on whistle_summons (due_at) where acknowledged_at is null and escalated_at is null;

-- The county's departments that answer whistles (demo set; a county edits this table).
insert into department (code, county_code, name, name_en) values
  ('housing', '532327', '县住房和城乡建设局', 'Housing and Urban-Rural Development Bureau'),
  ('fire', '532327', '县消防救援大队', 'Fire and Rescue Brigade'),
  ('transport', '532327', '县交通运输局', 'Transport Bureau'),
  ('market', '532327', '县市场监督管理局', 'Market Supervision Bureau'),
  ('emergency', '532327', '县应急管理局', 'Emergency Management Bureau'),
  ('natural_resources', '532327', '县自然资源局', 'Natural Resources Bureau'),
  ('power', '532327', '县供电局', 'Power Supply Bureau');
