-- A risk point's standard checklist (安全标准清单) filled in on the spot: every item answered, the failed ones with
-- the hazards they opened, so a check and what came of it are read together. The checklists themselves live in
-- data/risk-checklists.json; each answer keeps the item's words as they were, in case the file changes later.

create table risk_point_check (
  id             bigint generated always as identity primary key,
  county_code    text not null,
  risk_point_id  bigint not null references risk_point (id),
  checked_at     timestamptz not null,
  checked_by     text not null,
  person_id      bigint references person (id),
  answers        jsonb not null check (jsonb_typeof(answers) = 'array'),   -- [{item, zh, en, ok, note?, hazard_id?}]
  failed         integer not null check (failed >= 0),
  hazard_ids     bigint[] not null default '{}'
);
create index risk_point_check_point on risk_point_check (risk_point_id, checked_at desc);
create index risk_point_check_county on risk_point_check (county_code, checked_at);
