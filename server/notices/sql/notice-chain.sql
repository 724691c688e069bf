-- Who stands above the grid workers of a notice: the township, village and (for a group or a grid) group with
-- their grid leaders (role leader, jurisdiction = the unit's code), from the township down to the notice's unit.
-- $1 unit or grid code
select a.code, a.level, a.name, p.name as leader_name, p.phone as leader_phone
from admin_unit a
left join lateral (
  select name, phone from person where role = 'leader' and jurisdiction = a.code order by id limit 1
) p on true
where a.county_code = left($1, 6) and a.code in (left($1, 9), left($1, 12), left($1, 15)) and length(a.code) <= length($1)
order by length(a.code)
