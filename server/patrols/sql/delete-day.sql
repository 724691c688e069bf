-- A worker's tracks of one local day; returns what they were, so the coverage of those grid-days is recomputed
-- (their visits go with them, on delete cascade). $1 worker, $2 day, $3 time zone
delete from patrol
where worker_id = $1
  and started_at >= ($2::date::timestamp at time zone $3) and started_at < (($2::date + 1)::timestamp at time zone $3)
returning id, grid_id, to_char(started_at at time zone $3, 'YYYY-MM-DD') as day
