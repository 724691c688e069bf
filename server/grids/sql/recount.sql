-- Households and population of each live grid of a group, after re-attribution. $1 group code
update grid g set households = s.n, population = s.p
from (select l.id, count(h.id) as n, coalesce(sum(h.persons), 0) as p
      from grid l left join household h on h.grid_id = l.id
      where l.group_code = $1 and l.retired_at is null group by l.id) s
where g.id = s.id
