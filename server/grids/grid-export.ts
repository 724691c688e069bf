// Exporting a unit's live grids for desktop GIS or an Amap overlay: what the county posts publicly (code, name,
// kind, group, version, the grid worker's name and duty phone), as GeoJSON or a zipped Shapefile. Both carry the
// same attribute names, each at most 10 characters (a .dbf's limit), so either re-imports as it is.
import { readFileSync } from 'node:fs';
import { write as writeShapefile } from '@mapbox/shp-write';
import { strToU8, zipSync } from 'fflate';
import type { FeatureCollection, Polygon } from 'geojson';
import type { Pool } from '../db/pool.ts';
import { fromWgs84, WGS84_PRJ, type Crs } from './crs.ts';

const EXPORT = readFileSync(new URL('./sql/export-grids.sql', import.meta.url), 'utf8');

export const EXPORT_FORMATS = ['geojson', 'shapefile'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportProperties {
  code: string;
  name: string;
  kind: string;
  group_code: string;
  version: number;
  worker: string | null;
  phone: string | null;
}

/** Live grids under a unit (or one grid, by its code), in the asked coordinate system; outer rings clockwise for a Shapefile. */
export async function exportGrids(db: Pool, unit: string, crs: Crs, format: ExportFormat): Promise<FeatureCollection<Polygon, ExportProperties>> {
  const { rows } = await db.query(EXPORT, [unit, format === 'shapefile']);
  return {
    type: 'FeatureCollection',
    features: rows.map(({ geometry, ...properties }) => ({
      type: 'Feature',
      id: properties.code,
      geometry: fromWgs84(geometry as Polygon, crs),
      properties: properties as ExportProperties,
    })),
  };
}

/** The largest a .dbf text field can be, in bytes. */
const DBF_TEXT_BYTES = 254;

/**
 * Text for @mapbox/shp-write's .dbf writer, which stores each UTF-16 unit's low byte: the UTF-8 bytes, one per
 * character, cut at a character boundary within the field. With the .cpg saying UTF-8, GDAL, QGIS and ArcGIS read it back.
 */
function dbfText(value: string | null | undefined): string {
  const bytes = Buffer.from(value ?? '', 'utf8');
  let end = Math.min(bytes.length, DBF_TEXT_BYTES);
  while (end < bytes.length && end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('latin1');
}

/** A zip of `<layer>`.shp/.shx/.dbf/.prj/.cpg: polygons (as given), UTF-8 attributes, a WGS84 geographic .prj. */
export function shapefileZip(grids: FeatureCollection<Polygon, ExportProperties>, layer: string): Uint8Array {
  const rows = grids.features.map(({ properties: p }) => ({
    code: dbfText(p.code), name: dbfText(p.name), kind: dbfText(p.kind), group_code: dbfText(p.group_code),
    version: p.version, worker: dbfText(p.worker), phone: dbfText(p.phone),
  }));
  let files: { shp: DataView; shx: DataView; dbf: DataView } | undefined;
  // The callback is called before write returns: the writer is synchronous.
  writeShapefile(rows, 'POLYGON', grids.features.map((f) => f.geometry.coordinates), (err, out) => {
    if (err) throw err;
    files = out;
  });
  if (!files) throw new Error('the Shapefile writer returned nothing');
  const bytes = (v: DataView) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return zipSync({
    [`${layer}.shp`]: bytes(files.shp),
    [`${layer}.shx`]: bytes(files.shx),
    [`${layer}.dbf`]: bytes(files.dbf),
    // GCJ-02 has no WKT of its own; files in it carry the WGS84 one, as every Chinese web-map export does.
    [`${layer}.prj`]: strToU8(WGS84_PRJ),
    [`${layer}.cpg`]: strToU8('UTF-8'),
  }, { level: 6 });
}
