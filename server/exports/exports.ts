// Exporting a unit's grids, risk points, hazards and patrols for desktop GIS, spreadsheets and GPS tools. Rows come
// through a cursor and leave as they are written: the first batch is read before any header is sent, so a query
// that fails still answers with the one error shape; a failure later can only cut the download short.
import type { Response } from 'express';
import type { Pool } from '../db/pool.ts';
import { badRequest } from '../http/errors.ts';
import { EXPORT_FORMATS, EXPORT_LAYERS, LAYERS, type ExportFormat, type LayerSpec } from './export-layers.ts';
import { exportRecords, type ExportQuery } from './export-records.ts';
import type { FormatWriter } from './format-writer.ts';
import { csvWriter } from './formats/csv-writer.ts';
import { geoJsonWriter } from './formats/geojson-writer.ts';
import { gpxWriter } from './formats/gpx-writer.ts';
import { shapefileZipWriter } from './formats/shapefile-zip-writer.ts';
import { xlsxWriter } from './formats/xlsx-writer.ts';
import { ExportAborted } from './sink.ts';

const FILES: Record<ExportFormat, { type: string; extension: string }> = {
  geojson: { type: 'application/geo+json', extension: 'geojson' },
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  shp: { type: 'application/zip', extension: 'zip' },
  gpx: { type: 'application/gpx+xml', extension: 'gpx' },
};

/** The layer and format asked for, or a 400 that says which combinations exist. */
export function exportSpec(layer: unknown, format: unknown): { spec: LayerSpec; format: ExportFormat } {
  if (typeof layer !== 'string' || !(EXPORT_LAYERS as readonly string[]).includes(layer)) {
    throw badRequest('invalid_layer', `layer must be one of ${EXPORT_LAYERS.join(', ')}, not "${String(layer)}".`,
      { allowed: EXPORT_LAYERS });
  }
  const spec = LAYERS[layer as keyof typeof LAYERS];
  const fmt = format === undefined || format === '' ? 'geojson' : format;
  if (typeof fmt !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(fmt)) {
    throw badRequest('invalid_format', `format must be one of ${EXPORT_FORMATS.join(', ')}, not "${String(format)}".`,
      { allowed: spec.formats });
  }
  if (!spec.formats.includes(fmt as ExportFormat)) {
    throw badRequest('invalid_format', `The ${layer} layer is exported as ${spec.formats.join(', ')}; ${fmt} is only for `
      + `${EXPORT_LAYERS.filter((l) => LAYERS[l].formats.includes(fmt as ExportFormat)).join(', ')}.`, { allowed: spec.formats });
  }
  return { spec, format: fmt as ExportFormat };
}

function openWriter(format: ExportFormat, spec: LayerSpec, res: Response, name: string): FormatWriter | Promise<FormatWriter> {
  switch (format) {
    case 'geojson': return geoJsonWriter(spec, res);
    case 'csv': return csvWriter(spec, res);
    case 'xlsx': return xlsxWriter(spec, res);
    case 'gpx': return gpxWriter(spec, res);
    case 'shp': return shapefileZipWriter(spec, res, name);
  }
}

export async function streamExport(db: Pool, spec: LayerSpec, format: ExportFormat, query: ExportQuery, res: Response): Promise<void> {
  const name = `${spec.layer}-${query.unit}${query.crs === 'gcj02' ? '-gcj02' : ''}`;
  const records = exportRecords(db, spec, { ...query, clockwise: format === 'shp' });
  const first = await records.next();
  res.set('Cache-Control', 'no-store').type(FILES[format].type).attachment(`${name}.${FILES[format].extension}`);
  let writer: FormatWriter | undefined;
  try {
    writer = await openWriter(format, spec, res, name);
    if (!first.done) await writer.write(first.value);
    for await (const batch of records) await writer.write(batch);
    await writer.end();
  } catch (err) {
    await writer?.abort();
    await records.return(undefined);
    if (err instanceof ExportAborted || res.destroyed) return;
    if (!res.headersSent) throw err;
    console.error(`export of ${name}.${format} failed part-way:`, err);
    res.destroy(err as Error);
  }
}
