-- Monthly risk briefs for county departments as well as for units: a brief is about a unit or about a department
-- (the hazards and risk points of its industries, and how it answered whistles), never both. Tasks decided at the
-- meeting are marked done with who and when, so the next brief can say what was followed up.

alter table briefing alter column unit_code drop not null;
alter table briefing add column department_code text references department (code);
alter table briefing add constraint briefing_subject check ((unit_code is null) <> (department_code is null));
create index briefing_department_month on briefing (department_code, month) where department_code is not null;

alter table briefing_task add column done_at timestamptz;
alter table briefing_task add column done_by text;
alter table briefing_task add constraint briefing_task_done check ((status = 'done') = (done_at is not null));
