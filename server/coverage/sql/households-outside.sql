-- Households of a unit that no live grid holds (left in a gap by an edit). $1 unit code
select h.id, h.persons, st_asgeojson(h.geom, 7)::json as geometry
from household h
join admin_unit u on u.code = $1
left join grid g on g.id = h.grid_id
where (g.id is null or g.retired_at is not null) and h.county_code = left($1, 6)
  and h.geom && u.geom and st_intersects(h.geom, u.geom)
