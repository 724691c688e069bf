-- The four-colour risk map of a unit's micro-grids (the rule: migration 0005, view grid_risk). $1 code prefix
select grid_id, code, colour, risk_points, major_points, high_points, medium_points, open_hazards, overdue_hazards, major_open
from grid_risk where code like $1 || '%' and county_code = left($1, 6) order by code
