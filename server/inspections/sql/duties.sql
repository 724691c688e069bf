-- Each inspection duty within a scope and how it stands for a month: visits that month, the last one, behind or
-- not. Townships are scoped by their code, enterprises and projects by their grid. $1 code prefix, $2 month start
select d.id as duty_id, p.id as person_id, p.name as person, p.phone, p.jurisdiction, d.target_kind, d.target_code,
       d.target_name,
       count(i.id) filter (where i.at >= $2 and i.at < $2 + interval '1 month')::int as visits,
       count(i.id) filter (where i.at >= $2 and i.at < $2 + interval '1 month' and i.covert)::int as covert_visits,
       max(i.at) as last_visit,
       count(i.id) filter (where i.at >= $2 and i.at < $2 + interval '1 month') = 0 as behind
from inspection_duty d
join person p on p.id = d.person_id
left join leader_inspection i on i.duty_id = d.id
left join risk_point r on d.target_kind <> 'township' and r.id::text = d.target_code
left join grid g on g.id = r.grid_id
where coalesce(g.code, d.target_code) like $1 || '%' and d.county_code = left($1, 6)
group by d.id, p.id
order by behind desc, p.jurisdiction, d.target_kind, d.target_code
