// CSV as spreadsheet programs in China open it: UTF-8 with a BOM (else Excel reads GBK and garbles the names),
// CRLF line ends, fields quoted only when they must be.

export const CSV_BOM = '\uFEFF';

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One record with its CRLF, for writers that stream rows as they come. */
export const csvRow = (row: readonly unknown[]) => `${row.map(cell).join(',')}\r\n`;

export function toCsv(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${CSV_BOM}${[head, ...rows].map(csvRow).join('')}`;
}
