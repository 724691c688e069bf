import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Pool } from '../db/pool.ts';
import { toCsv } from '../files/csv.ts';

const RECTIFICATION = readFileSync(new URL('./sql/rectification.sql', import.meta.url), 'utf8');
const TREND = readFileSync(new URL('./sql/trend.sql', import.meta.url), 'utf8');

export const LEVELS = { county: 6, township: 9, village: 12, group: 15, grid: 17 } as const;
export type Level = keyof typeof LEVELS;

/** The county's target rectification rate (≥ 90%). */
export const TARGET_RATE = 0.9;

export interface RectificationRow {
  code: string;
  name: string;
  /** English name where the unit has one (the county and its townships); null for villages, groups and grids. */
  name_en: string | null;
  found: number;
  rectified: number;
  rate: number | null;
  overdue: number;
  major_open: number;
  median_hours_to_close: number | null;
  by_finder: Record<string, { found: number; rectified: number }>;
}

async function rows(db: Pool, unit: string, length: number, from?: Date, to?: Date, now = new Date()): Promise<RectificationRow[]> {
  const result = await db.query(RECTIFICATION, [unit, length, from ?? null, to ?? null, now]);
  return result.rows.map((r) => ({ ...r, rate: r.found ? r.rectified / r.found : null }));
}

/** One row per unit at the level asked, under the unit, and the unit's own total. */
export async function rectificationStats(db: Pool, unit: string, level: Level, from?: Date, to?: Date) {
  const now = new Date();
  const [perUnit, [total]] = await Promise.all([
    rows(db, unit, LEVELS[level], from, to, now),
    rows(db, unit, unit.length, from, to, now),
  ]);
  return { unit, level, from: from ?? null, to: to ?? null, target_rate: TARGET_RATE, total: total ?? null, rows: perUnit };
}

/** The table as CSV (UTF-8 with a BOM, see files/csv.ts). */
export function rectificationCsv(stats: { rows: RectificationRow[] }): string {
  const head = ['code', 'name', 'found', 'rectified', 'rate', 'overdue', 'major_open', 'median_hours_to_close',
    'found_by_worker', 'found_by_village', 'found_by_leader', 'found_by_department'];
  return toCsv(head, stats.rows.map((r) => [r.code, r.name, r.found, r.rectified, r.rate === null ? '' : r.rate.toFixed(4), r.overdue,
    r.major_open, r.median_hours_to_close === null ? '' : r.median_hours_to_close.toFixed(1),
    r.by_finder.worker.found, r.by_finder.village.found, r.by_finder.leader.found, r.by_finder.department.found]));
}

/** Found and closed per month: by default from the same month a year ago to this one. */
export async function monthlyTrend(db: Pool, unit: string, from?: Date, to?: Date, categories: string[] | null = null) {
  const end = to ?? new Date();
  const start = from ?? new Date(Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth(), 1));
  const { rows } = await db.query(TREND, [unit, start, end, categories]);
  return { unit, months: rows };
}

const COLUMNS: [string, string, (r: RectificationRow) => unknown, string?][] = [
  ['code', '编码', (r) => r.code], ['name', '单位', (r) => r.name], ['found', '发现隐患', (r) => r.found],
  ['rectified', '已整改', (r) => r.rectified], ['rate', '整改率', (r) => r.rate, '0.0%'], ['overdue', '逾期未改', (r) => r.overdue],
  ['major_open', '重大未办结', (r) => r.major_open], ['median_hours_to_close', '整改用时中位数（小时）', (r) => r.median_hours_to_close, '0.0'],
  ['found_by_worker', '网格员发现', (r) => r.by_finder.worker.found], ['found_by_village', '村级发现', (r) => r.by_finder.village.found],
  ['found_by_leader', '领导发现', (r) => r.by_finder.leader.found], ['found_by_department', '部门发现', (r) => r.by_finder.department.found],
];

/** The same table as an XLSX workbook, Chinese headings over English keys, the total in the last row. */
export async function rectificationXlsx(stats: { unit: string; level: string; rows: RectificationRow[]; total: RectificationRow | null }): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(`${stats.unit}-${stats.level}`);
  sheet.columns = COLUMNS.map(([key, header, , numFmt]) => ({ key, header, width: key === 'name' ? 18 : 14, style: numFmt ? { numFmt } : {} }));
  sheet.addRow(COLUMNS.map(([key]) => key)).font = { italic: true, color: { argb: 'FF777777' } };
  for (const r of stats.rows) sheet.addRow(COLUMNS.map(([, , get]) => get(r)));
  if (stats.total) sheet.addRow(COLUMNS.map(([, , get]) => get(stats.total!))).font = { bold: true };
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
