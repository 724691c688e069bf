-- Each cleaned piece of a track becomes one patrol, all in one statement: the points travel as four arrays and
-- become LineStringMs (M = epoch seconds) inside PostGIS, which for 100,000 points is far cheaper than a row each.
-- $1 lon[], $2 lat[], $3 epoch seconds[], $4 piece[] (-1: dropped), $5 county, $6 worker, $7 grid, $8 time zone
insert into patrol (county_code, worker_id, grid_id, started_at, ended_at, track)
select $5, $6, $7, to_timestamp(min(u.m)), to_timestamp(max(u.m)),
       st_setsrid(st_makeline(st_makepointm(u.x, u.y, u.m) order by u.i), 4326)
from unnest($1::float8[], $2::float8[], $3::float8[], $4::int[]) with ordinality as u(x, y, m, piece, i)
where u.piece >= 0
group by u.piece
returning id, grid_id, started_at, ended_at, st_npoints(track) as points, to_char(started_at at time zone $8, 'YYYY-MM-DD') as day
