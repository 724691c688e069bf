// A kept disaster report as a page to print (A4): plain HTML and CSS, no scripts, nothing from outside.
import { FIGURE_NAMES, REPORT_TITLES, type KeptReport } from './disaster-reports.ts';
import { FIGURE_KEYS } from './verification-tasks.ts';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const KIND_ZH: Record<string, string> = { landslide: '滑坡', flood: '洪涝', earthquake: '地震', cold_wave: '寒潮', fire: '火灾', other: '其他' };
const time = (v: string | Date) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export function reportPage(r: KeptReport): string {
  const c = r.content;
  const d = c.disaster;
  const figureCells = (f: Record<string, number>) => FIGURE_KEYS.map((k) => `<td>${esc(f[k])}</td>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(c.title)} · 灾害 ${esc(d.id)}</title>
<style>@page{size:A4 landscape;margin:14mm}body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-size:10.5pt;color:#111}
h1{font-size:16pt;margin:0 0 4px}h2{font-size:12pt;margin:14px 0 6px;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:3px 5px;text-align:right}th{background:#eee;text-align:center}
td.name{text-align:left}tr.township td{font-weight:bold;background:#f6f6f6}.note{color:#555;font-size:9pt}</style></head><body>
<h1>${esc(KIND_ZH[d.kind] ?? d.kind)}灾情${esc(REPORT_TITLES[r.kind])}${r.kind === 'follow_up' ? `（第 ${esc(r.seq)} 次）` : ''}</h1>
<p class="note">灾害编号 ${esc(d.id)}，发生于 ${esc(time(d.occurred_at))}${d.description ? `：${esc(d.description)}` : ''}。本报告生成于 ${esc(time(r.produced_at))}，报送人 ${esc(r.produced_by)}。</p>
<h2>一、影响范围（灾害范围内）</h2>
<table><tr><th>涉及网格</th><th>村民小组</th><th>村（社区）</th><th>登记户数</th><th>登记人口</th><th>风险点</th></tr>
<tr><td>${esc(c.impact.grids)}</td><td>${esc(c.impact.groups)}</td><td>${esc(c.impact.villages)}</td><td>${esc(c.impact.households)}</td><td>${esc(c.impact.people)}</td><td>${esc(c.impact.risk_points)}</td></tr></table>
<h2>二、核查进度</h2>
<p>核查任务 ${esc(c.progress.tasks)} 个：待核查 ${esc(c.progress.ready)}，核查中 ${esc(c.progress.in_progress)}，已核查 ${esc(c.progress.verified)}，待复核 ${esc(c.progress.needs_recheck)}。</p>
<h2>三、灾情数据${r.kind === 'verified' ? '（全部已核查）' : '（已填报，含未核查）'}</h2>
<table><tr><th>单位</th><th>任务</th><th>已核查</th><th>登记户数</th>${FIGURE_KEYS.map((k) => `<th>${esc(FIGURE_NAMES[k])}</th>`).join('')}</tr>
${c.units.map((u) => `<tr class="${u.level}"><td class="name">${u.level === 'village' ? '　' : ''}${esc(u.name)}</td><td>${esc(u.tasks)}</td><td>${esc(u.verified)}</td><td>${esc(u.households_registered)}</td>${figureCells(u.figures)}</tr>`).join('')}
<tr class="township"><td class="name">合计</td><td>${esc(c.progress.tasks)}</td><td>${esc(c.progress.verified)}</td><td>${esc(c.units.filter((u) => u.level === 'township').reduce((s, u) => s + u.households_registered, 0))}</td>${figureCells(c.figures)}</tr>
</table>
<p class="note">其中已核查任务合计：${FIGURE_KEYS.map((k) => `${esc(FIGURE_NAMES[k])} ${esc(c.verified_figures[k])}`).join('，')}。</p>
</body></html>`;
}
