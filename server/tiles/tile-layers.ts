import { readFileSync } from 'node:fs';

/** A vector tile layer: a fixed query (never built from a request) and who may see it. */
export interface TileLayer {
  name: string;
  description: string;
  /** Public layers are what the county posts for everyone; the others need a signed-in actor. */
  public: boolean;
  minzoom: number;
  maxzoom: number;
  /** Features per tile at most, so a dense tile cannot grow without bound. */
  cap: number;
  /** Whether the query takes a simplification tolerance ($6), for lines and polygons. */
  simplify: boolean;
  /** Whether the query takes a time window ($7 from, $8 to, either null), from ?from=&to= on the tile URL. */
  timeWindow?: boolean;
  /**
   * For layers that read the clock (overdue hazards, "the last seven days"): a cached tile is good for this long at
   * most, since time changes them without any row changing and so without a notification.
   */
  freshForMs?: number;
  fields: Record<string, string>;
  sql: string;
}

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');

const LAYERS: TileLayer[] = [
  {
    name: 'admin_unit', description: 'Administrative units: county, townships, villages, village groups',
    public: true, minzoom: 0, maxzoom: 16, cap: 5000, simplify: true, sql: sql('admin-unit.sql'),
    fields: { code: 'String', name: 'String', name_en: 'String', level: 'String', population: 'Number', households: 'Number' },
  },
  {
    name: 'grid', description: 'Micro-grids (微网格) with their grid worker',
    public: true, minzoom: 6, maxzoom: 16, cap: 10000, simplify: true, sql: sql('grid.sql'),
    fields: { code: 'String', name: 'String', kind: 'String', group_code: 'String', worker_name: 'String',
      worker_phone: 'String' },
  },
  {
    name: 'household',
    description: 'Households; below z14 clustered in cells of 1/8 tile: a cluster has point_count and persons (its '
      + 'total) and no id, a lone household is itself',
    public: false, minzoom: 8, maxzoom: 16, cap: 20000, simplify: false,
    sql: sql('household.sql'), fields: { persons: 'Number', grid_code: 'String', point_count: 'Number' },
  },
  {
    name: 'risk_point',
    description: 'Risk points; below z12 clustered in cells of 1/8 tile: a cluster has point_count, major, high, '
      + 'medium, low (counts by level), top_level and no id, a lone point is itself',
    public: false, minzoom: 8, maxzoom: 16, cap: 10000, simplify: false,
    sql: sql('risk-point.sql'),
    fields: { kind: 'String', level: 'String', name: 'String', grid_code: 'String',
      inspection_interval_days: 'Number', last_inspected_at: 'String',
      point_count: 'Number', major: 'Number', high: 'Number', medium: 'Number', low: 'Number', top_level: 'String' },
  },
  {
    name: 'grid_risk', description: 'Four-colour risk map of the micro-grids (红橙黄蓝)', public: false, minzoom: 6, maxzoom: 16,
    cap: 10000, simplify: true, freshForMs: 60_000, sql: sql('grid-risk.sql'),
    fields: { colour: 'String', risk_points: 'Number', open_hazards: 'Number', overdue_hazards: 'Number', major_open: 'Number' },
  },
  {
    name: 'hazard',
    description: 'Hazards; below z12 clustered in cells of 1/8 tile: a cluster has point_count, open, major_open, '
      + 'top_severity and first_deadline (of the open ones) and no id, a lone hazard is itself',
    public: false, minzoom: 8, maxzoom: 16, cap: 10000, simplify: false,
    sql: sql('hazard.sql'),
    fields: { category: 'String', severity: 'String', status: 'String', description: 'String', grid_code: 'String',
      reported_at: 'String', deadline: 'String', closed_at: 'String',
      point_count: 'Number', open: 'Number', major_open: 'Number', top_severity: 'String', first_deadline: 'String' },
  },
  {
    name: 'patrol', description: 'Patrol tracks (the last seven days, or ?from=&to=)', public: false, minzoom: 11, maxzoom: 16,
    cap: 5000, simplify: true, timeWindow: true, freshForMs: 60_000, sql: sql('patrol.sql'),
    fields: { worker_id: 'Number', worker_name: 'String', grid_code: 'String', started_at: 'String', ended_at: 'String' },
  },
];

export const tileLayers = new Map(LAYERS.map((l) => [l.name, l]));

/** About half a tile pixel in Web Mercator metres at zoom z: detail below it cannot be seen. */
export const simplifyTolerance = (z: number) => 40075016.686 / 2 ** z / 4096 / 2;
