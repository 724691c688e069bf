-- hazard_event was the one registry table without county_code. Events always belong to their hazard's county, so a
-- trigger fills it from the hazard rather than every writer passing it (and possibly passing it wrong).
alter table hazard_event add column county_code text;
update hazard_event e set county_code = z.county_code from hazard z where z.id = e.hazard_id;
alter table hazard_event alter column county_code set not null;

create function hazard_event_county() returns trigger language plpgsql as $$
begin
  new.county_code := (select county_code from hazard where id = new.hazard_id);
  return new;
end $$;

create trigger hazard_event_county before insert on hazard_event
for each row execute function hazard_event_county();
