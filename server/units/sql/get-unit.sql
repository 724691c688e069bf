-- An administrative unit with its boundary, for the map and for drawing grids inside it. $1 code
select code, name, name_en, level, parent_code, population, households, st_asgeojson(geom, 7)::json as geometry
from admin_unit where code = $1
