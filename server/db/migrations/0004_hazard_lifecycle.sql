-- The hazard closed loop: who found it, the five fixes (五定) of its rectification, who rectified it (acceptance
-- must be by someone else), and how far up the chain an overdue hazard has been escalated
-- (0 grid worker, 1 group grid leader, 2 village, 3 township, 4 the county's chief grid leader).

alter table hazard
  add column found_by text not null default 'worker' check (found_by in ('worker', 'village', 'leader', 'department')),
  add column five_fixes jsonb,
  add column rectified_by text,
  add column escalation_level smallint not null default 0 check (escalation_level between 0 and 4),
  add column rejected_reason text;

create index hazard_open_deadline on hazard (deadline) where closed_at is null and status not in ('closed', 'rejected');
create index hazard_reported on hazard (county_code, reported_at);
