// The disaster reports (初报/续报/核报): the initial report from the footprint's impact as soon as there is one, any
// number of follow-ups as tasks report figures, and the verified report once every task is verified. Each is kept as
// it was produced, with its time. No HTTP here.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { toCsv } from '../files/csv.ts';
import { conflict, notFound } from '../http/errors.ts';
import { requireDisasterManager } from './disasters.ts';
import { disasterImpact } from './impact.ts';
import { FIGURE_KEYS, type TaskFigures, type TaskState } from './verification-tasks.ts';

const TASK_VILLAGES = readFileSync(new URL('./sql/task-villages.sql', import.meta.url), 'utf8');

export const REPORT_KINDS = ['initial', 'follow_up', 'verified'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_TITLES: Record<ReportKind, string> = { initial: '初报', follow_up: '续报', verified: '核报' };

type Figures = Record<keyof TaskFigures, number>;
const zero = (): Figures => Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as Figures;
const add = (into: Figures, f: Partial<TaskFigures> | null) => {
  for (const k of FIGURE_KEYS) into[k] += Number(f?.[k] ?? 0);
};

interface UnitRow {
  level: 'township' | 'village';
  code: string;
  name: string;
  tasks: number;
  verified: number;
  households_registered: number;
  /** Figures recorded so far (verified or not) and, apart, those of verified tasks. */
  figures: Figures;
  verified_figures: Figures;
}

/** What a report says, as of now: the impact, the plan's progress, and the figures by township and village. */
async function composeReport(db: Pool | pg.ClientBase, actor: Actor, disasterId: number, kind: ReportKind, seq: number) {
  const { rows: [d] } = await db.query(`select id, kind, occurred_at, description, created_at from disaster where id = $1 and county_code = $2`,
    [disasterId, actor.jurisdiction.slice(0, 6)]);
  if (!d) throw notFound(`No disaster ${disasterId} in your county.`);
  const [impact, { rows: tasks }] = await Promise.all([
    disasterImpact(db, disasterId, 0, actor.jurisdiction.slice(0, 6)),
    db.query(TASK_VILLAGES, [disasterId]),
  ]);
  const units = new Map<string, UnitRow>();
  const total = { figures: zero(), verified_figures: zero() };
  for (const t of tasks) {
    for (const [level, code, name] of [['township', t.township_code, t.township_name], ['village', t.village_code, t.village_name]] as const) {
      if (!code) continue;
      const u = units.get(code) ?? { level, code, name: name ?? code, tasks: 0, verified: 0, households_registered: 0, figures: zero(), verified_figures: zero() };
      u.tasks += 1;
      u.households_registered += t.households;
      add(u.figures, t.figures);
      if (t.state === 'verified') {
        u.verified += 1;
        add(u.verified_figures, t.figures);
      }
      units.set(code, u);
    }
    add(total.figures, t.figures);
    if (t.state === 'verified') add(total.verified_figures, t.figures);
  }
  const states: Record<TaskState, number> = { ready: 0, in_progress: 0, verified: 0, needs_recheck: 0 };
  for (const t of tasks) states[t.state as TaskState] += 1;
  return {
    kind, seq, title: `${REPORT_TITLES[kind]}${kind === 'follow_up' ? `（第 ${seq} 次）` : ''}`,
    disaster: d,
    impact: impact.totals,
    progress: { tasks: tasks.length, ...states },
    figures: total.figures,
    verified_figures: total.verified_figures,
    units: [...units.values()].sort((a, b) => (a.code < b.code ? -1 : 1)),
  };
}

/**
 * Produces and keeps a report: the initial one once; follow-ups after it, numbered; the verified one once, when
 * every task is verified (409 otherwise, saying how many are not).
 */
export async function produceReport(client: pg.ClientBase, actor: Actor, disasterId: number, kind: ReportKind): Promise<number> {
  requireDisasterManager(actor);
  const { rows: [d] } = await client.query('select id from disaster where id = $1 and county_code = $2 for update', [disasterId, actor.jurisdiction.slice(0, 6)]);
  if (!d) throw notFound(`No disaster ${disasterId} in your county.`);
  const { rows: kept } = await client.query('select kind, count(*)::int as n from disaster_report where disaster_id = $1 group by kind', [disasterId]);
  const count = (k: ReportKind) => kept.find((r) => r.kind === k)?.n ?? 0;
  if (kind === 'initial' && count('initial')) throw conflict('report_exists', 'The initial report (初报) has been made; send a follow-up (续报).');
  if (kind !== 'initial' && !count('initial')) throw conflict('initial_missing', 'Make the initial report (初报) first.');
  if (kind === 'verified') {
    if (count('verified')) throw conflict('report_exists', 'The verified report (核报) has been made.');
    const { rows: [p] } = await client.query(`select count(*)::int as tasks, count(*) filter (where state <> 'verified')::int as open
      from verification_task where disaster_id = $1`, [disasterId]);
    if (!p.tasks || p.open) {
      throw conflict('not_verified', p.tasks ? `${p.open} of ${p.tasks} tasks are not verified yet.` : 'There is no verification plan yet.', p);
    }
  }
  const seq = kind === 'follow_up' ? count('follow_up') + 1 : 1;
  const content = await composeReport(client, actor, disasterId, kind, seq);
  const { rows } = await client.query(`insert into disaster_report (county_code, disaster_id, kind, seq, produced_at, produced_by, content)
    values (left($6, 6), $1, $2, $3, now(), $4, $5) returning id`, [disasterId, kind, seq, actor.username, JSON.stringify(content), actor.jurisdiction]);
  return rows[0].id;
}

export async function listReports(db: Pool, actor: Actor, disasterId: number) {
  const { rows } = await db.query(`select r.id, r.kind, r.seq, r.produced_at, r.produced_by from disaster_report r join disaster d on d.id = r.disaster_id
    where r.disaster_id = $1 and d.county_code = $2 order by r.produced_at, r.id`, [disasterId, actor.jurisdiction.slice(0, 6)]);
  return rows;
}

export async function getReport(db: Pool, actor: Actor, disasterId: number, reportId: number) {
  const { rows } = await db.query(`select r.id, r.kind, r.seq, r.produced_at, r.produced_by, r.content from disaster_report r
    join disaster d on d.id = r.disaster_id where r.id = $1 and r.disaster_id = $2 and d.county_code = $3`,
  [reportId, disasterId, actor.jurisdiction.slice(0, 6)]);
  if (!rows[0]) throw notFound(`No report ${reportId} of disaster ${disasterId}.`);
  return rows[0] as { id: number; kind: ReportKind; seq: number; produced_at: Date; produced_by: string; content: Awaited<ReturnType<typeof composeReport>> };
}

export type KeptReport = Awaited<ReturnType<typeof getReport>>;

export const FIGURE_NAMES: Record<keyof TaskFigures, string> = {
  households_affected: '受灾户数', people_affected: '受灾人数', houses_collapsed: '倒塌房屋（间）',
  houses_severely_damaged: '严重损坏房屋（间）', houses_moderately_damaged: '中度损坏房屋（间）', houses_slightly_damaged: '轻微损坏房屋（间）',
  people_relocated: '转移安置人数',
};

const COLUMNS: [string, string, (u: UnitRow) => unknown][] = [
  ['level', '层级', (u) => (u.level === 'township' ? '乡镇' : '村（社区）')], ['code', '编码', (u) => u.code], ['name', '单位', (u) => u.name],
  ['tasks', '核查任务', (u) => u.tasks], ['verified', '已核查', (u) => u.verified], ['households_registered', '登记户数', (u) => u.households_registered],
  ...FIGURE_KEYS.map((k): [string, string, (u: UnitRow) => unknown] => [k, FIGURE_NAMES[k], (u) => u.figures[k]]),
];


export function reportCsv(r: KeptReport): string {
  return toCsv(COLUMNS.map(([key]) => key), r.content.units.map((u) => COLUMNS.map(([, , get]) => get(u))));
}

export async function reportXlsx(r: KeptReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(`${REPORT_TITLES[r.kind]}-${r.seq}`);
  sheet.addRow([`${r.content.title} · 灾害 ${r.content.disaster.id} · ${new Date(r.produced_at).toISOString()}`]).font = { bold: true };
  sheet.addRow(COLUMNS.map(([, header]) => header)).font = { bold: true };
  sheet.addRow(COLUMNS.map(([key]) => key)).font = { italic: true, color: { argb: 'FF777777' } };
  for (const u of r.content.units) sheet.addRow(COLUMNS.map(([, , get]) => get(u))).font = { bold: u.level === 'township' };
  sheet.columns.forEach((c, i) => { c.width = i === 2 ? 18 : 12; });
  return Buffer.from(await book.xlsx.writeBuffer());
}
