// XLSX through exceljs's streaming WorkbookWriter: each row is committed (serialised and let go) as it is added,
// and the zip is piped to the response as it grows. The same columns as the CSV.
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { LayerSpec } from '../export-layers.ts';
import type { FormatWriter } from '../format-writer.ts';
import { drained } from '../sink.ts';
import { geometryCells, geometryColumns } from './csv-writer.ts';

/** Excel refuses a cell longer than this; a longer WKT (a day-long track at 1 Hz) is left to the CSV and Shapefile. */
const EXCEL_CELL_CHARS = 32_767;

export function xlsxWriter(spec: LayerSpec, out: Writable): FormatWriter {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = book.addWorksheet(spec.layer);
  sheet.addRow([...spec.fields.map((f) => f.name), ...geometryColumns(spec)]).commit();
  return {
    async write(records) {
      for (const r of records) {
        const cells = geometryCells(r).map((c) => (typeof c === 'string' && c.length > EXCEL_CELL_CHARS
          ? `(${c.length} characters, over Excel's cell limit: export as CSV or Shapefile)` : c));
        sheet.addRow([...r.values, ...cells]).commit();
      }
      // The zip is piped to the response; waiting for it to drain keeps the rows not yet sent to about one batch.
      await drained(out);
    },
    async end() {
      sheet.commit();
      await book.commit();
      await finished(out);
    },
    async abort() {},
  };
}
