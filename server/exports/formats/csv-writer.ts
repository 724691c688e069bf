// CSV for spreadsheets (UTF-8 with a BOM, so Excel shows the Chinese names): points as lon and lat columns, which
// a spreadsheet can sort and QGIS can read as a delimited-text layer; lines and polygons as a WKT column.
import type { Writable } from 'node:stream';
import { CSV_BOM, csvRow } from '../../files/csv.ts';
import type { LayerSpec } from '../export-layers.ts';
import type { ExportRecord } from '../export-records.ts';
import type { FormatWriter } from '../format-writer.ts';
import { send } from '../sink.ts';
import { toWkt } from '../wkt.ts';

export function geometryColumns(spec: LayerSpec): string[] {
  return spec.geometry === 'point' ? ['lon', 'lat'] : ['wkt'];
}

export function geometryCells({ geometry }: ExportRecord): (string | number)[] {
  return geometry.type === 'Point' ? [geometry.coordinates[0], geometry.coordinates[1]] : [toWkt(geometry)];
}

export function csvWriter(spec: LayerSpec, out: Writable): FormatWriter {
  let started = false;
  const head = () => {
    if (started) return '';
    started = true;
    return CSV_BOM + csvRow([...spec.fields.map((f) => f.name), ...geometryColumns(spec)]);
  };
  return {
    async write(records) {
      await send(out, head() + records.map((r) => csvRow([...r.values, ...geometryCells(r)])).join(''));
    },
    async end() {
      const rest = head();
      if (rest) await send(out, rest);
      out.end();
    },
    async abort() {},
  };
}
