import type { ExportRecord } from './export-records.ts';

/** One export format: records go in batch by batch, the file goes out as it is made. */
export interface FormatWriter {
  write(records: ExportRecord[]): Promise<void>;
  /** Everything after the last record; resolves once the whole file is handed to the response. */
  end(): Promise<void>;
  /** Frees what the writer holds (temporary files) when the export stops part-way. */
  abort(): Promise<void>;
}
