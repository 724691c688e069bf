-- Each task of a disaster with the village it counts for (where most of its households are; a task of one grid
-- without households: that grid's village), its state, households and figures, for the reports.
-- $1 disaster id
select t.id, t.state, cardinality(t.household_ids)::int as households, t.figures, vc.village as village_code,
       v.name as village_name, left(vc.village, 9) as township_code, tw.name as township_name
from verification_task t
cross join lateral (
  select coalesce(
    (select left(g.code, 12) from unnest(t.household_ids) hid join household h on h.id = hid join grid g on g.id = h.grid_id
     group by 1 order by count(*) desc, 1 limit 1),
    (select left(g.code, 12) from grid g where g.id = t.grid_id)) as village
) vc
left join admin_unit v on v.code = vc.village
left join admin_unit tw on tw.code = left(vc.village, 9)
where t.disaster_id = $1
order by vc.village, t.seq
