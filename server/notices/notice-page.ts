// A grid notice (网格公示) as a page to print: plain HTML and CSS, no scripts, nothing from outside. Sheets are laid
// out as A4 landscape (A3 is the same sheet enlarged); the table's rows have a fixed height, so how many fit is
// known here and a long table continues on sheets of its own (续表) rather than spilling off the paper.
import { KIND_ZH, noticeMap, shortName } from './notice-map.ts';
import type { NoticeData } from './notices.ts';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The frame of the map on the first sheet, in millimetres. */
export const MAP_FRAME = { width: 128, height: 122 };
const ROWS_FIRST = 36; // per table column on the first sheet (two columns beside the map)
const ROWS_MORE = 37; // per table column on a continuation sheet (four columns)
const COLUMNS_MORE = 4;

/** What a grid worker answers for, as the county's notices word it. */
export const DUTIES = [
  '熟悉网格内人、地、事、物、组织等基本情况，做到底数清、情况明。',
  '每日开展网格巡查，对企业、自建房、地质灾害隐患点、人员密集场所等重点部位做到应查尽查。',
  '发现安全隐患及时劝导、及时上报，一般隐患督促当场整改，重大隐患第一时间报告并设置警示。',
  '宣传安全生产、防灾减灾、森林防火、防溺水等知识，提高群众安全防范意识。',
  '及时传达预警信息，协助做好人员转移避险和灾情核查上报。',
  '收集群众反映的安全问题，跟踪整改落实情况并及时反馈。',
];
const LEVEL_ZH: Record<string, string> = { township: '乡镇网格长', village: '村级网格长', group: '组级网格长' };

type Row = { kind: 'group'; html: string } | { kind: 'grid'; html: string };

export interface NoticeSheetsInput {
  notice: NoticeData;
  /** Inline SVG of the QR code that opens the hazard report for the notice's unit. */
  qrSvg: string;
  /** The date the notice is posted, as printed (e.g. 2026年1月5日). */
  date: string;
}

export function noticeTitle(n: NoticeData): string {
  const [township, ...below] = n.chain;
  if (n.code.length === 17) {
    const g = n.grids[0];
    return `${township?.name ?? ''}${g?.name ?? n.code}（${KIND_ZH[g?.kind] ?? '网格'}）公示`;
  }
  // A group's name already carries its village's (大坝村一组).
  const unit = below.at(-1);
  const village = below[0];
  const place = unit && village && unit !== village && !unit.name.startsWith(village.name) ? village.name + unit.name : unit?.name ?? '';
  return `${township?.name ?? ''}${place}微网格公示`;
}

function tableRows(n: NoticeData): Row[] {
  const own = n.code.length === 17 ? '' : n.chain.at(-1)?.name ?? '';
  const number = new Map(n.grids.map((g, i) => [g.code, i + 1]));
  const gridRow = (g: NoticeData['grids'][number]) => ({
    kind: 'grid' as const,
    html: `<tr data-grid="${esc(g.code)}"><td>${number.get(g.code)}</td><td>${esc(shortName(g.name, own))}</td>`
      + `<td>${esc(g.worker_name ?? '待配备')}</td><td>${esc(g.worker_phone ?? '')}</td></tr>`,
  });
  const groups = n.outlines.filter((o) => o.level === 'group');
  if (n.code.length !== 12 || !groups.length) return n.grids.map(gridRow);
  // On a village's notice each group's grids sit under a heading naming the group's grid leader.
  return groups.flatMap((o) => {
    const grids = n.grids.filter((g) => g.group_code === o.code);
    if (!grids.length) return [];
    const leader = o.leader_name ? `组级网格长 ${esc(o.leader_name)} ${esc(o.leader_phone ?? '')}` : '组级网格长 待配备';
    return [{ kind: 'group' as const, html: `<tr class="group"><td colspan="4">${esc(shortName(o.name, own))}　${leader}</td></tr>` },
      ...grids.map(gridRow)];
  });
}

/** Fills columns of the given heights, never leaving a group's heading alone at the foot of a column. */
function intoColumns(rows: Row[]): Row[][] {
  const columns: Row[][] = [[]];
  const capacity = (i: number) => (i < 2 ? ROWS_FIRST : ROWS_MORE);
  for (const row of rows) {
    let column = columns[columns.length - 1];
    const left = capacity(columns.length - 1) - column.length;
    if (left === 0 || (row.kind === 'group' && left === 1)) {
      column = [];
      columns.push(column);
    }
    column.push(row);
  }
  return columns;
}

const table = (rows: Row[]) => `<table><colgroup><col class="c-no"><col><col class="c-worker"><col class="c-phone"></colgroup>`
  + `<tr><th>序号</th><th>网格</th><th>网格员</th><th>联系电话</th></tr>${rows.map((r) => r.html).join('')}</table>`;

/** The notice's sheets: the first with the map, leaders, duties, QR code and the table's start; then the rest of the table. */
export function noticeSheets({ notice: n, qrSvg, date }: NoticeSheetsInput): string {
  const title = noticeTitle(n);
  const columns = intoColumns(tableRows(n));
  const more: Row[][][] = [];
  for (let i = 2; i < columns.length; i += COLUMNS_MORE) more.push(columns.slice(i, i + COLUMNS_MORE));
  const total = 1 + more.length;
  const leaders = n.chain.map((l) => `<span>${esc(LEVEL_ZH[l.level] ?? '网格长')}：${l.leader_name
    ? `<b>${esc(l.leader_name)}</b> ${esc(l.leader_phone ?? '')}` : '待配备'}</span>`).join('');
  const footer = (page: number) => `<footer><span>公示日期：${esc(date)}</span><span>共 ${n.grids.length} 个微网格</span>`
    + `<span>第 ${page} 页 / 共 ${total} 页</span></footer>`;
  const first = `<section class="sheet first" data-code="${esc(n.code)}"><header><h1>${esc(title)}</h1><p class="leaders">${leaders}</p></header>
<div class="body"><div class="left">${noticeMap(n)}
<div class="below"><figure class="qr">${qrSvg}<figcaption>扫码上报安全隐患</figcaption></figure>
<div class="duties"><h2>网格员职责</h2><ol>${DUTIES.map((d) => `<li>${esc(d)}</li>`).join('')}</ol>
<p class="call">发现安全隐患，请及时告知网格员或扫码上报。</p></div></div></div>
<div class="tables two">${columns.slice(0, 2).map(table).join('')}</div></div>${footer(1)}</section>`;
  const rest = more.map((cols, i) => `<section class="sheet more" data-code="${esc(n.code)}"><header><h1>${esc(title)}（续表）</h1></header>
<div class="tables four">${cols.map(table).join('')}</div>${footer(i + 2)}</section>`);
  return [first, ...rest].join('\n');
}

/** One printable document of sheets (one notice, or a township's batch). */
export function noticeDocument(title: string, sheets: string[]): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
@page{size:297mm 210mm;margin:0}
*{box-sizing:border-box}
html,body{margin:0;padding:0;background:#fff}
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;color:#111;font-size:7.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.sheet{width:297mm;height:209.5mm;padding:8mm 9mm 6mm;overflow:hidden;position:relative;break-after:page;display:flex;flex-direction:column}
.sheet:last-child{break-after:auto}
header{flex:none;border-bottom:.6mm solid #b3261e;margin-bottom:2.5mm;padding-bottom:1.2mm}
h1{font-size:16pt;margin:0;letter-spacing:.5pt;color:#8a1c14}
.more h1{font-size:12pt}
.leaders{margin:1mm 0 0;font-size:8.5pt}.leaders span{margin-right:6mm}
.body{flex:1;display:flex;gap:5mm;min-height:0}
.left{flex:none;width:128mm;display:flex;flex-direction:column;gap:2mm}
.notice-map{display:block}
.below{display:flex;gap:3mm;min-height:0}
.qr{margin:0;flex:none;width:31mm;text-align:center}.qr svg{width:31mm;height:31mm;display:block}
.qr figcaption{font-size:7pt;margin-top:.6mm}
.duties{flex:1;font-size:7.2pt;line-height:1.35}
.duties h2{font-size:9pt;margin:0 0 .8mm}.duties ol{margin:0;padding-left:4.2mm}.duties .call{margin:.8mm 0 0;font-weight:bold}
.tables{flex:1;display:flex;gap:2.5mm;align-items:flex-start;min-height:0;overflow:hidden}
.tables table{flex:1 1 0;min-width:0;border-collapse:collapse;table-layout:fixed}
.tables.two table{max-width:70mm}.tables.four table{max-width:67mm}
col.c-no{width:7mm}col.c-worker{width:12mm}col.c-phone{width:20.5mm}
th,td{height:4.5mm;padding:0 .8mm;border:.2mm solid #aaa;white-space:nowrap;overflow:hidden;text-align:left;line-height:4.1mm}
th{background:#f1e3e1;font-weight:bold}
tr.group td{background:#f4f4ef;font-weight:bold}
footer{flex:none;display:flex;justify-content:space-between;border-top:.2mm solid #999;margin-top:1.5mm;padding-top:1mm;font-size:7.5pt;color:#333}
</style></head><body>
${sheets.join('\n')}
</body></html>`;
}
