-- Replicates the seeded county into a synthetic province of gw.counties counties, for measuring at 10× the data:
-- copy k (1 … n-1) gets county code 5399kk (a prefix no real county has, so nobody takes it for real data) and is
-- moved east by 0.75° per column and north by 1° per row of five, so the copies sit side by side without
-- overlapping (the county is 0.52° × 0.66°). Both shifts are multiples of the coordinates' last binary digit in
-- this part of the world, so translated coordinates are exact and every geometry stays exactly as valid as it was.
--
-- The column lists are read from the catalogue, not written out, so a column added by a later migration is copied
-- too: ids move up by k × the table's largest id (and columns with a foreign key to an id move with their table),
-- codes and county codes get the copy's prefix, stored geometry is translated, generated columns regenerate.
-- Set-based, one INSERT per table; run in the caller's transaction.

-- The generalised shapes of the tile layers (migration 0018) are copied at the end rather than recomputed by the
-- triggers for every copy (a minute for ten counties).
set local gw.generalised = 'off';

create temp table province_copy on commit drop as
select k, '5399' || lpad(k::text, 2, '0') as county, (k % 5) * 0.75 as dx, (k / 5) * 1.0 as dy,
       (select code from admin_unit where level = 'county') as source,
       (select coalesce(max(id), 0) from grid) as grid_offset   -- as the copy below computes it
from generate_series(1, current_setting('gw.counties')::int - 1) as k;

do $$
declare
  source text := (select code from admin_unit where level = 'county');
  tables text[] := array['admin_unit', 'person', 'grid', 'household', 'risk_point', 'hazard', 'hazard_event', 'patrol'];
  offsets jsonb := '{}';
  t text;
  cols text;
  exprs text;
  top bigint;
begin
  if (select count(*) from admin_unit where level = 'county') <> 1 then
    raise exception 'replicating needs a database with exactly one county (the seeded one)';
  end if;
  if current_setting('gw.counties')::int not between 2 and 20 then
    raise exception 'a province of 2 to 20 counties (the copies'' codes and shifts are laid out for that)';
  end if;
  -- Offsets first: a column pointing at another table's id needs that table's offset.
  foreach t in array tables loop
    if exists (select 1 from pg_attribute where attrelid = t::regclass and attname = 'id' and not attisdropped) then
      execute format('select coalesce(max(id), 0) from %I', t) into top;
      offsets := offsets || jsonb_build_object(t, top);
    end if;
  end loop;

  foreach t in array tables loop
    select string_agg(quote_ident(a.attname), ', ' order by a.attnum),
           string_agg(case
             when a.attname = 'id' then format('s.id + c.k * %s', offsets ->> t)
             when ref.relname is not null and ref.attname = 'id' and offsets ? ref.relname::text
               then format('s.%I + c.k * %s', a.attname, offsets ->> ref.relname::text)
             when a.atttypid = 'geometry'::regtype then format('st_translate(s.%I, c.dx, c.dy)', a.attname)
             when a.atttypid = 'text'::regtype and (a.attname in ('code', 'county_code', 'jurisdiction')
                                                    or (ref.relname = 'admin_unit' and ref.attname = 'code'))
               then format('case when s.%1$I like c.source || ''%%'' then c.county || substr(s.%1$I, 7) else s.%1$I end',
                           a.attname)
             else format('s.%I', a.attname)
           end, ', ' order by a.attnum)
      into cols, exprs
    from pg_attribute a
    left join lateral (
      -- the one table and column a single-column foreign key on this column points at, if any
      select r.relname, ra.attname
      from pg_constraint fk
      join pg_class r on r.oid = fk.confrelid
      join pg_attribute ra on ra.attrelid = fk.confrelid and ra.attnum = fk.confkey[1]
      where fk.conrelid = a.attrelid and fk.contype = 'f' and fk.conkey = array[a.attnum]
      limit 1
    ) ref on true
    where a.attrelid = t::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = '';

    execute format('insert into %I (%s) overriding system value select %s from %I s cross join province_copy c',
                   t, cols, exprs, t);
  end loop;

  -- New rows made after this (an edit in the benchmark) must not collide with the copies' ids.
  foreach t in array tables loop
    if offsets ? t then
      execute format('select setval(pg_get_serial_sequence(%L, ''id''), (select max(id) from %I))', t, t);
    end if;
  end loop;
end
$$;

update admin_unit u set name = '样板县' || c.k, name_en = 'Synthetic county ' || c.k
from province_copy c where u.code = c.county;

-- The generalised shapes, stored in Web Mercator only: moved the way the copies' geometry moved (in degrees, so the
-- shift in metres varies with latitude). Both sides of a shared boundary move alike, so it stays shared; a shape the
-- round trip left invalid (none in the demo county) is simplified afresh by itself.
insert into admin_unit_generalised (code, band, county_code, geom_3857)
select c.county || substr(s.code, 7), s.band, c.county,
       case when st_isvalid(m.moved) and not st_isempty(m.moved) then m.moved
            else generalised_shape(null, u.geom_3857, generalised_tolerance(s.band)) end
from admin_unit_generalised s cross join province_copy c
cross join lateral (select st_transform(st_translate(st_transform(s.geom_3857, 4326), c.dx, c.dy), 3857) as moved) m
join admin_unit u on u.code = c.county || substr(s.code, 7)
where s.county_code = c.source;

insert into grid_generalised (grid_id, band, county_code, geom_3857)
select s.grid_id + c.k * c.grid_offset, s.band, c.county,
       case when st_isvalid(m.moved) and not st_isempty(m.moved) then m.moved
            else generalised_shape(null, g.geom_3857, generalised_tolerance(s.band)) end
from grid_generalised s cross join province_copy c
cross join lateral (select st_transform(st_translate(st_transform(s.geom_3857, 4326), c.dx, c.dy), 3857) as moved) m
join grid g on g.id = s.grid_id + c.k * c.grid_offset
where s.county_code = c.source;
