-- Verification tasks of a disaster with their assignee and progress, as GeoJSON features.
-- $1 disaster id, $2 county code, $3 task id or null for all, $4 assignee person id or null for everyone's
select t.id, t.seq, t.state, t.team, t.assignee_person_id, p.name as assignee_name, p.phone as assignee_phone,
       t.grid_id, g.code as grid_code, g.name as grid_name, cardinality(t.household_ids) as households, t.household_ids,
       t.tour_m::float8, t.buffer_m::float8, t.figures, t.verified_by, t.verified_at, t.recheck_reason, t.version, t.updated_at,
       st_asgeojson(t.geom, 7)::json as geometry
from verification_task t
join disaster d on d.id = t.disaster_id
left join person p on p.id = t.assignee_person_id
left join grid g on g.id = t.grid_id
where t.disaster_id = $1 and d.county_code = $2
  and ($3::bigint is null or t.id = $3)
  and ($4::bigint is null or t.assignee_person_id = $4)
order by t.seq
