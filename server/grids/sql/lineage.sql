-- The grids this one came from and those that came from it, through any number of splits and merges. $1 id
with recursive up(id) as (
  select parent_id from grid_lineage where child_id = $1
  union select l.parent_id from grid_lineage l join up on l.child_id = up.id
), down(id) as (
  select child_id from grid_lineage where parent_id = $1
  union select l.child_id from grid_lineage l join down on l.parent_id = down.id
)
select (select coalesce(array_agg(id order by id), '{}') from up) as ancestors,
       (select coalesce(array_agg(id order by id), '{}') from down) as descendants
