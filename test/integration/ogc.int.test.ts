// OGC API – Features under /ogc against the real PostGIS: documents, keyset paging to the end, bbox, datetime,
// property and CQL2 filters counted against SQL written independently here, sign-in and jurisdiction, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let chief: string;
let leader: string;
beforeAll(async () => {
  server = await startTestServer();
  chief = await signIn(server.baseUrl, 'chief');
  leader = await signIn(server.baseUrl, 'leader');
});
afterAll(() => server.close());

const LEADER_UNIT = '532327101';
const COUNTY_BBOX = '101.3,25.8,101.9,26.6';

async function get(path: string, cookie?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
  return { res, body: await res.json() };
}

async function ok(path: string, cookie?: string) {
  const { res, body } = await get(path, cookie);
  expect(res.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
  return { res, body };
}

/** numberMatched of an items request, which also checks the one page it asked for. */
async function matched(collection: string, query: string, cookie = chief): Promise<number> {
  const { body } = await ok(`/ogc/collections/${collection}/items?limit=1&${query}`, cookie);
  expect(body.numberReturned).toBe(Math.min(body.numberMatched, 1));
  return body.numberMatched;
}

const count = async (sql: string, values: unknown[] = []) =>
  Number((await server.db.pool.query(`select count(*) as n from ${sql}`, values)).rows[0].n);

interface Page {
  numberMatched: number;
  numberReturned: number;
  features: { id: number; properties: Record<string, string> }[];
  links: { rel: string; href: string }[];
}

const q = (text: string) => `filter=${encodeURIComponent(text)}&filter-lang=cql2-text`;

describe('OGC API – Features documents', () => {
  it('has a landing page linking the API definition, conformance and the collections', async () => {
    const { res, body } = await ok('/ogc?f=json');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const rels = Object.fromEntries(body.links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
    expect(rels).toEqual({
      self: `${server.baseUrl}/ogc`,
      'service-desc': `${server.baseUrl}/api/openapi.json`,
      conformance: `${server.baseUrl}/ogc/conformance`,
      data: `${server.baseUrl}/ogc/collections`,
    });
  });

  it('declares Core, GeoJSON and CQL2 text filtering', async () => {
    const { body } = await ok('/ogc/conformance');
    expect(body.conformsTo).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
      'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
      'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
    ]));
  });

  it('lists the public collections to everyone and all five to a signed-in user, with extents from the data', async () => {
    const anonymous = (await ok('/ogc/collections')).body.collections.map((c: { id: string }) => c.id);
    expect(anonymous).toEqual(['admin_unit', 'grid']);
    const { body } = await ok('/ogc/collections', chief);
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual(['admin_unit', 'grid', 'risk_point', 'hazard', 'patrol']);
    const hazard = body.collections.find((c: { id: string }) => c.id === 'hazard');
    const { rows: [t] } = await server.db.pool.query(`select min(reported_at) as t0, max(reported_at) as t1 from hazard`);
    expect(hazard.extent.temporal.interval).toEqual([[t.t0.toISOString(), t.t1.toISOString()]]);
    expect(hazard.links.find((l: { rel: string }) => l.rel === 'items')).toMatchObject({ type: 'application/geo+json' });
  });

  it('describes a collection: CRS84, feature items, a bbox of its data', async () => {
    const { body } = await ok('/ogc/collections/grid');
    expect(body).toMatchObject({ id: 'grid', itemType: 'feature', crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'] });
    const { rows: [e] } = await server.db.pool.query(
      `select st_xmin(x) as w, st_ymin(x) as s, st_xmax(x) as e, st_ymax(x) as n
       from (select st_extent(geom) as x from grid where retired_at is null) b`);
    expect(body.extent.spatial.bbox[0]).toEqual([e.w, e.s, e.e, e.n]);
    expect(body.extent.temporal).toBeUndefined();
  });

  it('publishes the queryables as JSON Schema', async () => {
    const { res, body } = await ok('/ogc/collections/hazard/queryables', leader);
    expect(res.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    expect(body.properties.status).toMatchObject({ type: 'string', enum: expect.arrayContaining(['closed', 'reported']) });
    expect(body.properties.reported_at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(body.properties.escalation_level).toMatchObject({ type: 'integer' });
  });
});

describe('items', () => {
  it('pages through every grid by next links (keyset, no offset) to exactly the live grids', async () => {
    const live = await count('grid where retired_at is null');
    expect(live).toBe(4776);
    let url: string | undefined = `${server.baseUrl}/ogc/collections/grid/items?limit=1000`;
    const ids: number[] = [];
    let pages = 0;
    while (url) {
      expect(url).not.toMatch(/offset/i);
      const res: Response = await fetch(url);
      expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      const body: Page = await res.json();
      expect(body.numberMatched).toBe(live);
      expect(body.numberReturned).toBe(body.features.length);
      ids.push(...body.features.map((f) => f.id));
      url = body.links.find((l) => l.rel === 'next')?.href;
      pages++;
    }
    expect(pages).toBe(5);
    expect(ids).toHaveLength(live);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(live);
  });

  it('pages a signed-in user\'s hazards with every filter carried into the next link', async () => {
    const filter = q("status <> 'closed'");
    let url: string | undefined = `${server.baseUrl}/ogc/collections/hazard/items?limit=50&${filter}`;
    let seen = 0;
    while (url) {
      expect(url).toContain('filter=');
      const body: Page = await (await fetch(url, { headers: { cookie: chief } })).json();
      expect(body.features.every((f) => f.properties.status !== 'closed')).toBe(true);
      seen += body.numberReturned;
      url = body.links.find((l) => l.rel === 'next')?.href;
    }
    expect(seen).toBe(await count(`hazard where status <> 'closed'`));
  });

  it('serves GeoJSON features with the published properties only', async () => {
    const { body } = await ok('/ogc/collections/grid/items?limit=1');
    const [f] = body.features;
    expect(f).toMatchObject({ type: 'Feature', id: expect.any(Number), geometry: { type: 'Polygon' } });
    expect(Object.keys(f.properties).sort()).toEqual(
      ['code', 'group_code', 'households', 'kind', 'name', 'population', 'worker_name', 'worker_phone']);
    expect(f.properties.households).toBeNull();
    const one = await ok(`/ogc/collections/grid/items/${f.id}`);
    expect(one.res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(one.body).toMatchObject({ type: 'Feature', id: f.id, properties: f.properties });
    const patrol = (await ok('/ogc/collections/patrol/items?limit=1', chief)).body.features[0];
    expect(patrol.geometry.type).toBe('LineString');
    expect(patrol.geometry.coordinates[0]).toHaveLength(2);
  });

  it('filters by bbox as ST_Intersects', async () => {
    const bbox = [101.6, 26.0, 101.7, 26.1];
    const expected = await count('grid where retired_at is null and st_intersects(geom, st_makeenvelope($1, $2, $3, $4, 4326))', bbox);
    expect(expected).toBeGreaterThan(50);
    expect(expected).toBeLessThan(4776);
    expect(await matched('grid', `bbox=${bbox.join(',')}`)).toBe(expected);
  });

  it('filters by datetime: an interval on the instant of a hazard, on the span of a patrol, and open ends', async () => {
    const { rows: [t] } = await server.db.pool.query(
      `select min(started_at) + (max(started_at) - min(started_at)) / 2 as mid, max(started_at) as last from patrol`);
    const mid: Date = t.mid;
    const from = new Date(mid.getTime() - 86_400_000).toISOString();
    const to = mid.toISOString();
    const hazards = await count('hazard where reported_at between $1 and $2', [from, to]);
    expect(hazards).toBeGreaterThan(0);
    expect(await matched('hazard', `datetime=${from}/${to}`)).toBe(hazards);
    const patrols = await count('patrol where ended_at >= $1 and started_at <= $2', [from, to]);
    expect(patrols).toBeGreaterThan(0);
    expect(await matched('patrol', `datetime=${from}/${to}`)).toBe(patrols);
    expect(await matched('hazard', `datetime=../${to}`)).toBe(await count('hazard where reported_at <= $1', [to]));
    expect(await matched('hazard', `datetime=${to}/..`)).toBe(await count('hazard where reported_at >= $1', [to]));
    const day = to.slice(0, 10);
    expect(await matched('hazard', `datetime=${day}`))
      .toBe(await count(`hazard where reported_at >= $1::timestamptz and reported_at < $1::timestamptz + interval '1 day'`,
        [`${day}T00:00:00Z`]));
  });

  it('filters by a property as a query parameter', async () => {
    const closed = await count(`hazard where status = 'closed'`);
    expect(closed).toBeGreaterThan(0);
    expect(await matched('hazard', 'status=closed')).toBe(closed);
    expect(await matched('grid', 'kind=enterprise')).toBe(await count(`grid where retired_at is null and kind = 'enterprise'`));
    expect(await matched('hazard', 'status=closed&severity=major'))
      .toBe(await count(`hazard where status = 'closed' and severity = 'major'`));
  });

  it.each([
    ["status = 'closed' AND severity IN ('major', 'general')", `status = 'closed' and severity in ('major', 'general')`],
    ["severity = 'major' OR NOT (status <> 'reported')", `severity = 'major' or status = 'reported'`],
    ['closed_at IS NULL', 'closed_at is null'],
    ['closed_at IS NOT NULL AND escalation_level >= 1', 'closed_at is not null and escalation_level >= 1'],
    ["category LIKE 'fire%'", `category like 'fire%'`],
    ["description NOT LIKE '%消防%'", `description not like '%消防%'`],
    ['escalation_level BETWEEN 1 AND 3', 'escalation_level between 1 and 3'],
    ["status NOT IN ('closed', 'rejected') AND deadline < TIMESTAMP('2100-01-01T00:00:00Z')",
      `status not in ('closed', 'rejected') and deadline < '2100-01-01T00:00:00Z'`],
    ["overdue = TRUE", `closed_at is null and status not in ('closed', 'rejected') and deadline < now()`],
  ])('filters hazards by CQL2 %s', async (cql, sql) => {
    const expected = await count(`hazard where ${sql}`);
    expect(await matched('hazard', q(cql))).toBe(expected);
  });

  it('filters other collections by CQL2 too', async () => {
    expect(await matched('admin_unit', q("level = 'village' AND population > 2000")))
      .toBe(await count(`admin_unit where level = 'village' and population > 2000`));
    expect(await matched('risk_point', q("level IN ('major', 'high') AND inspection_interval_days <= 14")))
      .toBe(await count(`risk_point where retired_at is null and level in ('major', 'high') and inspection_interval_days <= 14`));
    expect(await matched('grid', q(`group_code LIKE '${LEADER_UNIT}%' AND kind <> 'residential'`)))
      .toBe(await count(`grid where retired_at is null and group_code like $1 and kind <> 'residential'`, [`${LEADER_UNIT}%`]));
  });

  it('combines bbox, datetime and a filter', async () => {
    const n = await count(`hazard where severity <> 'minor' and reported_at >= '2000-01-01'
      and st_intersects(geom, st_makeenvelope(101.3, 25.8, 101.9, 26.6, 4326))`);
    expect(await matched('hazard', `bbox=${COUNTY_BBOX}&datetime=2000-01-01/..&${q("severity <> 'minor'")}`)).toBe(n);
  });

  it('caps limit at 10,000', async () => {
    const { body } = await ok('/ogc/collections/patrol/items?limit=50000', chief);
    expect(body.numberReturned).toBe(10_000);
    expect(body.links.find((l: { rel: string }) => l.rel === 'next').href).toContain('limit=10000');
  });
});

describe('sign-in and jurisdiction', () => {
  it.each(['risk_point', 'hazard', 'patrol'])('answers 401 to anonymous requests for %s', async (id) => {
    for (const path of [`/ogc/collections/${id}`, `/ogc/collections/${id}/items`, `/ogc/collections/${id}/items/1`,
      `/ogc/collections/${id}/queryables`]) {
      const { res, body } = await get(path);
      expect(res.status, path).toBe(401);
      expect(body).toMatchObject({ code: 'unauthorized', error: expect.any(String) });
    }
  });

  it('scopes a township leader to the township, by cookie or by bearer token alike', async () => {
    const expected = await count(`hazard z join grid g on g.id = z.grid_id where g.code like $1`, [`${LEADER_UNIT}%`]);
    const all = await count('hazard');
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(all);
    const byCookie = await ok('/ogc/collections/hazard/items?limit=10000', leader);
    expect(byCookie.body.numberMatched).toBe(expected);
    expect(byCookie.body.features.every((f: { properties: { grid_code: string } }) => f.properties.grid_code.startsWith(LEADER_UNIT))).toBe(true);
    const token = leader.split('=')[1];
    const byBearer = await get('/ogc/collections/hazard/items?limit=1', undefined, { authorization: `Bearer ${token}` });
    expect(byBearer.res.status).toBe(200);
    expect(byBearer.body.numberMatched).toBe(expected);
    expect((await get('/ogc/collections/hazard/items', undefined, { authorization: 'Bearer not-a-session' })).res.status).toBe(401);

    expect(await matched('patrol', '', leader))
      .toBe(await count(`patrol t join grid g on g.id = t.grid_id where g.code like $1`, [`${LEADER_UNIT}%`]));
    expect(await matched('risk_point', '', leader))
      .toBe(await count(`risk_point r join grid g on g.id = r.grid_id where r.retired_at is null and g.code like $1`, [`${LEADER_UNIT}%`]));

    const { rows: [outside] } = await server.db.pool.query(
      `select z.id from hazard z join grid g on g.id = z.grid_id where g.code not like $1 limit 1`, [`${LEADER_UNIT}%`]);
    expect((await get(`/ogc/collections/hazard/items/${outside.id}`, leader)).res.status).toBe(404);
    expect((await get(`/ogc/collections/hazard/items/${outside.id}`, chief)).res.status).toBe(200);
  });

  it('shows grid households only on the grids a signed-in user covers', async () => {
    const { rows: [g] } = await server.db.pool.query(`select group_code from grid where code like $1 limit 1`, [`${LEADER_UNIT}%`]);
    const own = (await ok(`/ogc/collections/grid/items?limit=5&group_code=${g.group_code}`, leader)).body.features;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((f: { properties: { households: unknown } }) => typeof f.properties.households === 'number')).toBe(true);
    const other = (await ok(`/ogc/collections/grid/items?limit=5&${q(`code NOT LIKE '${LEADER_UNIT}%'`)}`, leader)).body.features;
    expect(other.length).toBe(5);
    expect(other.every((f: { properties: { households: unknown } }) => f.properties.households === null)).toBe(true);
    // A filter on a hidden figure cannot count the grids behind it.
    expect(await matched('grid', q(`code NOT LIKE '${LEADER_UNIT}%' AND households >= 0`), leader)).toBe(0);
  });
});

describe('errors', () => {
  it.each([
    ['/ogc/collections/grid/items?bbox=1,2,3', 'invalid_bbox'],
    ['/ogc/collections/grid/items?bbox=10,0,5,1', 'invalid_bbox'],
    ['/ogc/collections/grid/items?limit=0', 'invalid_limit'],
    ['/ogc/collections/grid/items?limit=abc', 'invalid_limit'],
    ['/ogc/collections/grid/items?filter=kind%20%3D', 'invalid_filter'],
    ['/ogc/collections/grid/items?filter=worker_id%20%3D%201', 'unknown_property'],
    ['/ogc/collections/grid/items?filter=kind%3D1', 'invalid_filter'],
    ['/ogc/collections/grid/items?filter-lang=cql2-json&filter=%7B%7D', 'invalid_filter_lang'],
    ['/ogc/collections/grid/items?kidn=residential', 'unknown_parameter'],
    ['/ogc/collections/grid/items?datetime=2024-01-01', 'invalid_datetime'],
    ['/ogc/collections/hazard/items?datetime=2024-13-01', 'invalid_datetime'],
    ['/ogc/collections/grid/items?after=abc', 'invalid_parameter'],
    ['/ogc/collections/grid/items?f=html', 'unsupported_format'],
    ['/ogc/collections/grid/items?bbox-crs=EPSG:3857', 'unsupported_crs'],
  ])('answers 400 to %s with a JSON error', async (path, code) => {
    const { res, body } = await get(path, chief);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toMatchObject({ code, error: expect.any(String) });
  });

  it.each([
    '/ogc/collections/nope',
    '/ogc/collections/nope/items',
    '/ogc/collections/grid/items/999999999',
    '/ogc/collections/grid/items/abc',
    '/ogc/collections/admin_unit/items/999',
    '/ogc/nothing-here',
  ])('answers 404 to %s with a JSON error', async (path) => {
    const { res, body } = await get(path, chief);
    expect(res.status).toBe(404);
    expect(body).toMatchObject({ code: 'not_found', error: expect.any(String) });
  });

  it('finds an administrative unit by its code', async () => {
    const { body } = await ok(`/ogc/collections/admin_unit/items/${LEADER_UNIT}`);
    expect(body).toMatchObject({ id: LEADER_UNIT, properties: { name: '永定镇', level: 'township' } });
  });
});
