-- The villages of a township whose notices make its batch, in code order (the order they are posted in).
-- $1 township code
select code from admin_unit
where county_code = left($1, 6) and parent_code = $1 and level = 'village'
order by code
