// The layers a unit's data is exported in, each a fixed query (never an identifier from the request) and the
// attribute fields every format writes in the same order. Field names are at most 10 ASCII characters, the limit
// of a Shapefile's .dbf, so the columns read the same in a spreadsheet and in GIS.
import { readFileSync } from 'node:fs';

export const EXPORT_LAYERS = ['grid', 'risk_point', 'hazard', 'patrol'] as const;
export type ExportLayer = (typeof EXPORT_LAYERS)[number];

export const EXPORT_FORMATS = ['geojson', 'csv', 'xlsx', 'shp', 'gpx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type GeometryKind = 'point' | 'line' | 'polygon';

/**
 * A text field carries its width in UTF-8 bytes in the .dbf (longer values are cut at a character boundary: a
 * .dbf field holds at most 254 bytes); a number its width and decimals.
 */
export type Field =
  | { name: string; type: 'text'; bytes: number }
  | { name: string; type: 'int'; digits: number };

export interface LayerSpec {
  layer: ExportLayer;
  geometry: GeometryKind;
  fields: readonly Field[];
  sql: string;
  /** Whether the query takes the [from, to) period of $2, $3. */
  period: boolean;
  formats: readonly ExportFormat[];
}

const sql = (name: string) => readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8');
const text = (name: string, bytes: number): Field => ({ name, type: 'text', bytes });
const int = (name: string, digits = 10): Field => ({ name, type: 'int', digits });
/** An ISO 8601 UTC time as the queries write it, e.g. 2024-05-01T08:00:00Z. */
const time = (name: string) => text(name, 20);
const TABULAR = ['geojson', 'csv', 'xlsx', 'shp'] as const;

export const LAYERS: Record<ExportLayer, LayerSpec> = {
  grid: {
    layer: 'grid', geometry: 'polygon', sql: sql('grid'), period: false, formats: TABULAR,
    fields: [text('code', 17), text('name', 120), text('kind', 16), text('group_code', 15), int('version'),
      text('worker', 60), text('phone', 20), int('households'), int('population')],
  },
  risk_point: {
    layer: 'risk_point', geometry: 'point', sql: sql('risk-point'), period: false, formats: TABULAR,
    fields: [int('id'), text('name', 200), text('kind', 40), text('level', 8), text('grid_code', 17), int('interval_d'),
      time('last_insp')],
  },
  hazard: {
    layer: 'hazard', geometry: 'point', sql: sql('hazard'), period: true, formats: TABULAR,
    fields: [int('id'), text('category', 60), text('severity', 8), text('status', 16), text('descr', 254),
      text('grid_code', 17), text('found_by', 12), int('risk_point'), time('reported'), time('deadline'), time('closed')],
  },
  patrol: {
    layer: 'patrol', geometry: 'line', sql: sql('patrol'), period: true, formats: [...TABULAR, 'gpx'],
    fields: [int('id'), int('worker_id'), text('worker', 60), text('grid_code', 17), time('started'), time('ended'),
      int('points')],
  },
};
