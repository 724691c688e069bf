-- The households of a village group (wherever they are attributed now), in metres for splitting. $1 group code
select h.id, st_x(h.geom_3857) as x, st_y(h.geom_3857) as y, h.persons
from household h join admin_unit a on a.code = $1
where h.geom && a.geom and st_intersects(h.geom, a.geom)
order by h.id
