-- People who answer for a unit or the grids under it, for pickers (a grid's worker). $1 code prefix, $2 role or null,
-- $3 name fragment or null, $4 limit
select p.id, p.name, p.phone, p.role, p.jurisdiction,
       (select g.code from grid g where g.worker_id = p.id and g.retired_at is null limit 1) as grid_code
from person p
where p.jurisdiction like $1 || '%' and ($2::text is null or p.role = $2) and ($3::text is null or strpos(p.name, $3) > 0)
order by p.jurisdiction, p.name
limit $4
