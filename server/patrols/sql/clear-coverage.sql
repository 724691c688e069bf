-- Before a grid-day is recomputed its row goes, so a day whose last track was deleted has no coverage left.
-- $1 grid ids[], $2 days[] (pairs)
delete from patrol_coverage c
using unnest($1::bigint[], $2::date[]) as p(grid_id, day)
where c.grid_id = p.grid_id and c.day = p.day
