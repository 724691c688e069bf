-- People: one chief grid leader for the county, a grid leader for each township, village and group (775), and one
-- grid worker for each micro-grid. Names and phones are synthetic; the demo accounts sign in as some of them.

create function seed.person_name(k text) returns text language sql immutable as $$
  select (array['李','王','张','刘','杨','陈','赵','黄','周','吴','徐','孙','马','朱','胡','郭','何','罗','高','林',
                '普','起','者','鲁','毕','施','苏','罗','字','李'])[1 + floor(seed.rnd(k || 's') * 30)::integer]
      || (array['建','国','永','兴','春','秋','文','明','志','德','金','玉','顺','正','美','丽','红','云','华','芳',
                '学','光','家','海','天','成','荣','福','贵','琼'])[1 + floor(seed.rnd(k || 'g1') * 30)::integer]
      || case when seed.rnd(k || 'len') < 0.3 then '' else
         (array['平','强','军','明','华','英','萍','林','伟','勇','芬','兰','忠','祥','昌','富','发','梅','仙','珍'])
           [1 + floor(seed.rnd(k || 'g2') * 20)::integer] end
$$;

create function seed.phone(k text) returns text language sql immutable as $$
  select (array['139','138','158','187','150','182','135','189','177','180'])[1 + floor(seed.rnd(k || 'p') * 10)::integer]
      || '8' || lpad(floor(seed.rnd(k || 'n') * 10000000)::bigint::text, 7, '0')
$$;

insert into person (county_code, name, phone, role, jurisdiction)
select left(code, 6), seed.person_name('person:' || code), seed.phone('person:' || code),
       case when level = 'county' then 'chief' else 'leader' end, code
from admin_unit order by length(code), code;

insert into person (county_code, name, phone, role, jurisdiction)
select county_code, seed.person_name('person:' || code), seed.phone('person:' || code), 'worker', code
from grid order by code;

update grid g set worker_id = p.id from person p where p.jurisdiction = g.code and p.role = 'worker';

-- Demo accounts, all with the password `gridwatch` (hash passed in by the seed script).
insert into app_user (username, password_hash, role, jurisdiction, person_id, display_name)
select 'chief', current_setting('gw.password_hash'), 'chief', '532327', p.id, p.name || '(总网格长)'
from person p where p.role = 'chief' and p.jurisdiction = '532327';
insert into app_user (username, password_hash, role, jurisdiction, person_id, display_name)
values ('planner', current_setting('gw.password_hash'), 'planner', '532327', null, '县网格规划员');
insert into app_user (username, password_hash, role, jurisdiction, person_id, display_name)
select 'leader', current_setting('gw.password_hash'), 'leader', '532327101', p.id, p.name || '(永定镇网格长)'
from person p where p.role = 'leader' and p.jurisdiction = '532327101';
insert into app_user (username, password_hash, role, jurisdiction, person_id, display_name)
select 'worker', current_setting('gw.password_hash'), 'worker', g.code, g.worker_id, p.name || '(网格员)'
from grid g join person p on p.id = g.worker_id
where g.code like '532327101%' and g.kind in ('residential', 'compound') order by g.code limit 1;

-- Two county departments that answer whistles (网格发现、社区吹哨、部门报到).
insert into app_user (username, password_hash, role, jurisdiction, person_id, display_name, department_code)
values ('fire', current_setting('gw.password_hash'), 'department', '532327', null, '县消防救援大队', 'fire'),
       ('housing', current_setting('gw.password_hash'), 'department', '532327', null, '县住房和城乡建设局', 'housing');
