-- The tile cache follows edits: every statement that changes what a tile layer draws sends one notification on the
-- channel gw_tiles, at commit, with the layers it touches and the union bounding box (EPSG:3857) of the old and the
-- new geometry. The server purges the cached tiles of those layers whose envelope meets the box, at every zoom. Being
-- in the database, this sees edits from any server process and from plain SQL alike.
--
-- Payload: {"layers": [...], "bbox": [xmin, ymin, xmax, ymax]}, or "bbox": null for "changed everywhere" (a TRUNCATE,
-- a grid code change that the point layers show as grid_code, a worker renamed). Statement-level triggers with
-- transition tables send one notification per statement, so a bulk edit costs one message, not one per row; a box
-- is four numbers, so the payload stays far under NOTIFY's 8000-byte limit whatever the statement touched.
--
-- What feeds which layer (server/tiles/sql/*.sql):
--   admin_unit  → admin_unit; household, risk_point, hazard (a point in no grid is shown by the unit that holds it)
--   grid        → grid, grid_risk; the point layers and patrol everywhere when a code changes (their grid_code)
--   person      → grid (worker name and phone) and patrol (worker name), where that person's grids and tracks lie
--   household   → household
--   risk_point  → risk_point; grid_risk over the grids the old and new rows belong to
--   hazard      → hazard; grid_risk over the grids the old and new rows belong to
--   patrol      → patrol

create function gw_tiles_notify(layers text[], box box2d, everywhere boolean default false) returns void
language plpgsql as $$
begin
  if everywhere then
    perform pg_notify('gw_tiles', json_build_object('layers', layers, 'bbox', null)::text);
  elsif box is not null then
    perform pg_notify('gw_tiles', json_build_object('layers', layers,
      'bbox', json_build_array(st_xmin(box), st_ymin(box), st_xmax(box), st_ymax(box)))::text);
  end if;
end
$$;

create function gw_tiles_admin_unit() returns trigger language plpgsql as $$
declare box box2d;
begin
  if tg_op = 'TRUNCATE' then
    perform gw_tiles_notify(array['admin_unit', 'household', 'risk_point', 'hazard'], null, true);
    return null;
  end if;
  if tg_op = 'INSERT' then
    select st_extent(g) into box from (select geom_3857 as g from new_rows union all select label_3857 from new_rows) s;
  elsif tg_op = 'DELETE' then
    select st_extent(g) into box from (select geom_3857 as g from old_rows union all select label_3857 from old_rows) s;
  else
    select st_extent(g) into box from (
      select geom_3857 as g from old_rows union all select label_3857 from old_rows
      union all select geom_3857 from new_rows union all select label_3857 from new_rows) s;
  end if;
  perform gw_tiles_notify(array['admin_unit', 'household', 'risk_point', 'hazard'], box);
  return null;
end
$$;

create function gw_tiles_grid() returns trigger language plpgsql as $$
declare box box2d;
begin
  if tg_op = 'TRUNCATE' then
    perform gw_tiles_notify(array['grid', 'grid_risk', 'household', 'risk_point', 'hazard', 'patrol'], null, true);
    return null;
  end if;
  if tg_op = 'INSERT' then
    select st_extent(geom_3857) into box from new_rows;
  elsif tg_op = 'DELETE' then
    select st_extent(geom_3857) into box from old_rows;
  else
    select st_extent(g) into box from (select geom_3857 as g from old_rows union all select geom_3857 from new_rows) s;
    if exists (select 1 from old_rows o join new_rows n on n.id = o.id where n.code is distinct from o.code) then
      perform gw_tiles_notify(array['household', 'risk_point', 'hazard', 'patrol'], null, true);
    end if;
  end if;
  perform gw_tiles_notify(array['grid', 'grid_risk'], box);
  return null;
end
$$;

create function gw_tiles_person() returns trigger language plpgsql as $$
declare box box2d;
begin
  -- Only names and phones reach tiles; a person row is never inserted already referenced.
  if exists (select 1 from old_rows o join new_rows n on n.id = o.id
             where n.name is distinct from o.name or n.phone is distinct from o.phone) then
    select st_extent(g.geom_3857) into box from grid g
    where g.worker_id in (select id from new_rows);
    perform gw_tiles_notify(array['grid'], box);
    select st_extent(t.track_3857) into box from patrol t
    where t.worker_id in (select id from new_rows);
    perform gw_tiles_notify(array['patrol'], box);
  end if;
  return null;
end
$$;

-- household, risk_point, hazard and patrol share one shape: their own layer over their own geometry, and for risk
-- points and hazards the four-colour map over the grids they count towards.
create function gw_tiles_points() returns trigger language plpgsql as $$
declare
  layer text := tg_argv[0];
  col text := tg_argv[1];
  risk boolean := tg_argv[2]::boolean;
  box box2d;
  grids box2d;
begin
  if tg_op = 'TRUNCATE' then
    perform gw_tiles_notify(case when risk then array[layer, 'grid_risk'] else array[layer] end, null, true);
    return null;
  end if;
  -- The geometry column differs (track_3857 for patrols): read it by name from the transition tables.
  if tg_op = 'INSERT' then
    execute format('select st_extent(%I) from new_rows', col) into box;
  elsif tg_op = 'DELETE' then
    execute format('select st_extent(%I) from old_rows', col) into box;
  else
    execute format('select st_extent(g) from (select %1$I as g from old_rows union all select %1$I from new_rows) s', col)
      into box;
  end if;
  perform gw_tiles_notify(array[layer], box);
  if risk then
    if tg_op = 'INSERT' then
      select st_extent(g.geom_3857) into grids from grid g where g.id in (select grid_id from new_rows);
    elsif tg_op = 'DELETE' then
      select st_extent(g.geom_3857) into grids from grid g where g.id in (select grid_id from old_rows);
    else
      select st_extent(g.geom_3857) into grids from grid g
      where g.id in (select grid_id from old_rows union select grid_id from new_rows);
    end if;
    perform gw_tiles_notify(array['grid_risk'], grids);
  end if;
  return null;
end
$$;

-- A trigger with transition tables fires for one event only, hence three per table, plus one for TRUNCATE.
create trigger gw_tiles_ins after insert on admin_unit referencing new table as new_rows
  for each statement execute function gw_tiles_admin_unit();
create trigger gw_tiles_upd after update on admin_unit referencing old table as old_rows new table as new_rows
  for each statement execute function gw_tiles_admin_unit();
create trigger gw_tiles_del after delete on admin_unit referencing old table as old_rows
  for each statement execute function gw_tiles_admin_unit();
create trigger gw_tiles_trunc after truncate on admin_unit for each statement execute function gw_tiles_admin_unit();

create trigger gw_tiles_ins after insert on grid referencing new table as new_rows
  for each statement execute function gw_tiles_grid();
create trigger gw_tiles_upd after update on grid referencing old table as old_rows new table as new_rows
  for each statement execute function gw_tiles_grid();
create trigger gw_tiles_del after delete on grid referencing old table as old_rows
  for each statement execute function gw_tiles_grid();
create trigger gw_tiles_trunc after truncate on grid for each statement execute function gw_tiles_grid();

create trigger gw_tiles_upd after update on person referencing old table as old_rows new table as new_rows
  for each statement execute function gw_tiles_person();

create trigger gw_tiles_ins after insert on household referencing new table as new_rows
  for each statement execute function gw_tiles_points('household', 'geom_3857', 'false');
create trigger gw_tiles_upd after update on household referencing old table as old_rows new table as new_rows
  for each statement execute function gw_tiles_points('household', 'geom_3857', 'false');
create trigger gw_tiles_del after delete on household referencing old table as old_rows
  for each statement execute function gw_tiles_points('household', 'geom_3857', 'false');
create trigger gw_tiles_trunc after truncate on household
  for each statement execute function gw_tiles_points('household', 'geom_3857', 'false');

create trigger gw_tiles_ins after insert on risk_point referencing new table as new_rows
  for each statement execute function gw_tiles_points('risk_point', 'geom_3857', 'true');
create trigger gw_tiles_upd after update on risk_point referencing old table as old_rows new table as new_rows
  for each statement execute function gw_tiles_points('risk_point', 'geom_3857', 'true');
create trigger gw_tiles_del after delete on risk_point referencing old table as old_rows
  for each statement execute function gw_tiles_points('risk_point', 'geom_3857', 'true');
create trigger gw_tiles_trunc after truncate on risk_point
  for each statement execute function gw_tiles_points('risk_point', 'geom_3857', 'true');

create trigger gw_tiles_ins after insert on hazard referencing new table as new_rows
  for each statement execute function gw_tiles_points('hazard', 'geom_3857', 'true');
create trigger gw_tiles_upd after update on hazard referencing old table as old_rows new table as new_rows
  for each statement execute function gw_tiles_points('hazard', 'geom_3857', 'true');
create trigger gw_tiles_del after delete on hazard referencing old table as old_rows
  for each statement execute function gw_tiles_points('hazard', 'geom_3857', 'true');
create trigger gw_tiles_trunc after truncate on hazard
  for each statement execute function gw_tiles_points('hazard', 'geom_3857', 'true');

create trigger gw_tiles_ins after insert on patrol referencing new table as new_rows
  for each statement execute function gw_tiles_points('patrol', 'track_3857', 'false');
create trigger gw_tiles_upd after update on patrol referencing old table as old_rows new table as new_rows
  for each statement execute function gw_tiles_points('patrol', 'track_3857', 'false');
create trigger gw_tiles_del after delete on patrol referencing old table as old_rows
  for each statement execute function gw_tiles_points('patrol', 'track_3857', 'false');
create trigger gw_tiles_trunc after truncate on patrol
  for each statement execute function gw_tiles_points('patrol', 'track_3857', 'false');
