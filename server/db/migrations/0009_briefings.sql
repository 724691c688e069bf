-- The monthly risk briefing (风险研判): a brief generated for a unit's monthly risk-assessment meeting, kept as it was
-- generated (the figures of that day), the meeting's minutes, and its decisions as tasks to follow up.

create table briefing (
  id            bigint generated always as identity primary key,
  county_code   text not null,
  unit_code     text not null references admin_unit (code),
  month         date not null check (extract(day from month) = 1),
  generated_at  timestamptz not null,
  generated_by  text not null,
  content       jsonb not null,
  minutes       text,
  minutes_by    text,
  minutes_at    timestamptz
);
create index briefing_unit_month on briefing (unit_code, month);

create table briefing_task (
  id           bigint generated always as identity primary key,
  county_code  text not null,
  briefing_id  bigint not null references briefing (id),
  title        text not null,
  assignee     text not null,
  due          date not null,
  status       text not null default 'open' check (status in ('open', 'done')),
  created_by   text not null
);
create index briefing_task_open on briefing_task (county_code, due) where status = 'open';
