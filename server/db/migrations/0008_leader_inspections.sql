-- Monthly inspections by leaders (明查暗访): each leader has duties (a township, a key enterprise, a major project)
-- to inspect at least once a month; each visit is recorded, open (明查) or unannounced (暗访).

create table inspection_duty (
  id           bigint generated always as identity primary key,
  county_code  text not null,
  person_id    bigint not null references person (id),
  target_kind  text not null check (target_kind in ('township', 'enterprise', 'project')),
  target_code  text not null,   -- a township code, or the id of the key enterprise's or project's risk point
  target_name  text not null,
  unique (person_id, target_kind, target_code)
);

create table leader_inspection (
  id           bigint generated always as identity primary key,
  county_code  text not null,
  duty_id      bigint not null references inspection_duty (id),
  at           timestamptz not null,
  covert       boolean not null default false,   -- 暗访 (unannounced) rather than 明查
  note         text,
  recorded_by  text not null
);
create index leader_inspection_duty_at on leader_inspection (duty_id, at);
