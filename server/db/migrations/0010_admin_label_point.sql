-- One label point per administrative unit, inside it (ST_PointOnSurface), stored in Web Mercator for the tiles:
-- labels drawn from polygons repeat in every tile a unit crosses; a point lies in exactly one tile.
alter table admin_unit add column label_3857 geometry(Point, 3857)
  generated always as (st_transform(st_pointonsurface(geom), 3857)) stored;
create index admin_unit_label_3857 on admin_unit using gist (label_3857);
