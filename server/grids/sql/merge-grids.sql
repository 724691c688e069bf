-- The union of live grids, and whether it is one piece (they share edges, not just a corner). $1 ids
select count(*) as n, count(distinct group_code) as groups, min(group_code) as group_code,
       geometrytype(st_union(geom)) as type, encode(st_asewkb(st_union(geom)), 'hex') as ewkb,
       st_asgeojson(st_union(geom), 7)::json as geometry
from grid where id = any($1::bigint[]) and retired_at is null
