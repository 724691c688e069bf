-- The next free grid code in a group: group code + two digits, never reusing a retired grid's code, so old records
-- keep meaning what they meant. $1 group code
select coalesce(max(right(code, 2)::integer), 0) + 1 as seq from grid where group_code = $1
