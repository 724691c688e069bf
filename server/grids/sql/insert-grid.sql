-- A new live grid. $1 code, $2 name, $3 group code, $4 kind, $5 worker id, $6 polygon as EWKB hex, $7 actor
insert into grid (code, county_code, name, group_code, kind, worker_id, geom, updated_by)
values ($1, left($1, 6), $2, $3, $4, $5, $6::geometry, $7)
returning id
