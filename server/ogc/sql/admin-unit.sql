-- Administrative units for OGC API – Features (public, as on the map and the tiles): every level, census figures.
-- Wrapped by features.ts, which adds the bbox, time and CQL2 conditions on these output columns.
-- $1 code prefix ('' for all)
select a.code, a.name, a.name_en, a.level, a.parent_code, a.population, a.households, a.geom
from admin_unit a
where ($1 = '' or (a.county_code = left($1, 6) and a.code like $1 || '%'))
