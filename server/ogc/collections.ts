// The feature collections published under /ogc: each a fixed query (sql/*.sql) whose output columns are the
// properties, and the only names a filter may use. Nothing here is ever taken from a request.
import { readFileSync } from 'node:fs';

export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date-time';

export interface Property {
  type: PropertyType;
  title: string;
  enum?: readonly string[];
}

export interface Collection {
  id: string;
  title: string;
  description: string;
  /** Public collections are what the county posts; the others need a signed-in actor and are scoped to them. */
  public: boolean;
  geometryType: 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon';
  /** The column that identifies a feature and orders pages (keyset: WHERE key > last ORDER BY key). */
  key: { column: string; type: 'integer' | 'string' };
  /** The time the datetime parameter filters on: an instant, or an interval of two columns. */
  time?: { start: string; end?: string };
  /** Output columns of the query, in order: the feature's properties and what filters may name. */
  properties: Record<string, Property>;
  /** The query: $1 the code prefix rows must fall under ('' for all); it exposes `geom` (WGS84). */
  sql: string;
  /** Whether the query takes $2, the viewer's jurisdiction ('' when anonymous), to show some figures only to them. */
  viewerParam?: boolean;
}

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');

const SEVERITIES = ['minor', 'general', 'major'] as const;
const HAZARD_STATES = ['reported', 'fixed_on_spot', 'assigned', 'rectifying', 'rectified', 'accepted', 'closed', 'escalated',
  'supervised', 'rejected'] as const;

const COLLECTIONS: Collection[] = [
  {
    id: 'admin_unit', title: 'Administrative units', public: true, geometryType: 'MultiPolygon',
    description: 'The county, its townships, villages and village groups (行政区划), with 2020 census figures.',
    key: { column: 'code', type: 'string' }, sql: sql('admin-unit.sql'),
    properties: {
      code: { type: 'string', title: 'Unit code' },
      name: { type: 'string', title: 'Name (Chinese)' },
      name_en: { type: 'string', title: 'Name (English)' },
      level: { type: 'string', title: 'Level', enum: ['county', 'township', 'village', 'group'] },
      parent_code: { type: 'string', title: 'Code of the unit above' },
      population: { type: 'integer', title: 'Population' },
      households: { type: 'integer', title: 'Households' },
    },
  },
  {
    id: 'grid', title: 'Micro-grids', public: true, geometryType: 'Polygon',
    description: 'Live micro-grids (微网格) with their grid worker and duty phone, as the county posts them; households '
      + 'and population only for signed-in users whose jurisdiction covers the grid.',
    key: { column: 'id', type: 'integer' }, sql: sql('grid.sql'), viewerParam: true,
    properties: {
      code: { type: 'string', title: 'Grid code' },
      name: { type: 'string', title: 'Name' },
      kind: { type: 'string', title: 'Kind', enum: ['residential', 'enterprise', 'park', 'market', 'compound', 'project'] },
      group_code: { type: 'string', title: 'Village group code' },
      worker_name: { type: 'string', title: 'Grid worker' },
      worker_phone: { type: 'string', title: 'Duty phone' },
      households: { type: 'integer', title: 'Households (covering users only)' },
      population: { type: 'integer', title: 'Population (covering users only)' },
    },
  },
  {
    id: 'risk_point', title: 'Risk points', public: false, geometryType: 'Point',
    description: 'The risk register (风险点) within your jurisdiction; time: the last inspection.',
    key: { column: 'id', type: 'integer' }, time: { start: 'last_inspected_at' }, sql: sql('risk-point.sql'),
    properties: {
      kind: { type: 'string', title: 'Kind' },
      level: { type: 'string', title: 'Level', enum: ['low', 'medium', 'high', 'major'] },
      name: { type: 'string', title: 'Name' },
      grid_code: { type: 'string', title: 'Grid code' },
      inspection_interval_days: { type: 'integer', title: 'Inspection interval (days)' },
      last_inspected_at: { type: 'date-time', title: 'Last inspected' },
    },
  },
  {
    id: 'hazard', title: 'Hazards', public: false, geometryType: 'Point',
    description: 'Hazards (隐患) within your jurisdiction and where they are in the closed loop; time: when reported.',
    key: { column: 'id', type: 'integer' }, time: { start: 'reported_at' }, sql: sql('hazard.sql'),
    properties: {
      category: { type: 'string', title: 'Category' },
      severity: { type: 'string', title: 'Severity', enum: SEVERITIES },
      status: { type: 'string', title: 'Status', enum: HAZARD_STATES },
      description: { type: 'string', title: 'Description' },
      found_by: { type: 'string', title: 'Found by', enum: ['worker', 'village', 'leader', 'department'] },
      grid_code: { type: 'string', title: 'Grid code' },
      risk_point_id: { type: 'integer', title: 'Risk point' },
      escalation_level: { type: 'integer', title: 'Escalation level' },
      reported_at: { type: 'date-time', title: 'Reported' },
      deadline: { type: 'date-time', title: 'Deadline' },
      closed_at: { type: 'date-time', title: 'Closed' },
      overdue: { type: 'boolean', title: 'Open past its deadline' },
    },
  },
  {
    id: 'patrol', title: 'Patrol tracks', public: false, geometryType: 'LineString',
    description: 'Grid workers\' patrol tracks within your jurisdiction (times per vertex: GET /api/patrols/{id}); '
      + 'time: the interval from start to end.',
    key: { column: 'id', type: 'integer' }, time: { start: 'started_at', end: 'ended_at' }, sql: sql('patrol.sql'),
    properties: {
      worker_id: { type: 'integer', title: 'Grid worker id' },
      worker_name: { type: 'string', title: 'Grid worker' },
      grid_code: { type: 'string', title: 'Grid code' },
      started_at: { type: 'date-time', title: 'Started' },
      ended_at: { type: 'date-time', title: 'Ended' },
    },
  },
];

// Property names are spliced into SQL as identifiers: make sure a future edit cannot slip in anything else.
for (const c of COLLECTIONS) {
  for (const name of [c.key.column, ...Object.keys(c.properties)]) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`OGC collection ${c.id}: bad property name ${name}`);
  }
}

export const collections: ReadonlyMap<string, Collection> = new Map(COLLECTIONS.map((c) => [c.id, c]));
