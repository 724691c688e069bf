-- Live micro-grids for OGC API – Features: what the county posts (code, kind, worker and duty phone, as the grid
-- tiles); households and population only on the grids the viewer's jurisdiction covers, as GET /api/grids does.
-- Masking here, before any filter, means a filter on households cannot probe grids the viewer may not count.
-- $1 code prefix ('' for all), $2 viewer's jurisdiction ('' when anonymous)
select g.id, g.code, g.name, g.kind, g.group_code, p.name as worker_name, p.phone as worker_phone,
       case when $2 <> '' and g.code like $2 || '%' then g.households end as households,
       case when $2 <> '' and g.code like $2 || '%' then g.population end as population,
       g.geom
from grid g left join person p on p.id = g.worker_id
where g.retired_at is null
  and ($1 = '' or (g.county_code = left($1, 6) and g.code like $1 || '%'))
