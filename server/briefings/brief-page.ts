// The brief as a page to print (A4): plain HTML and CSS, no scripts, nothing from outside.
type Brief = Awaited<ReturnType<typeof import('./briefings.ts').getBrief>>;

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const day = (v: string | Date | null) => (v ? new Date(v).toISOString().slice(0, 10) : '—');

export function briefPage(b: Brief): string {
  const c = b.content;
  const f = c.figures;
  // A department's brief covers its industries across the county, and how it answered whistles.
  const title = c.department ? `${c.department.name}（${c.unit.name}）` : c.unit.name;
  const w = c.whistles;
  const rows = (items: Record<string, unknown>[], cols: [string, (r: Record<string, unknown>) => unknown][]) =>
    items.length ? `<table><tr>${cols.map(([h]) => `<th>${esc(h)}</th>`).join('')}</tr>${items.map((r) =>
      `<tr>${cols.map(([, get]) => `<td>${esc(get(r))}</td>`).join('')}</tr>`).join('')}</table>` : '<p>无</p>';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)} ${esc(c.month)} 风险研判简报</title>
<style>@page{size:A4;margin:16mm}body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-size:11pt;color:#111}
h1{font-size:17pt;margin:0 0 4px}h2{font-size:12.5pt;margin:16px 0 6px;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:3px 5px;text-align:left}th{background:#eee}
.figures td{text-align:center;font-size:13pt}.note{color:#555;font-size:9pt}</style></head><body>
<h1>${esc(title)} ${esc(c.month)} 月度风险研判简报</h1>
<p class="note">生成于 ${esc(day(b.generated_at))}，生成人 ${esc(b.generated_by)}；数据为生成当日的状况。</p>
<h2>一、隐患排查整改</h2>
<table class="figures"><tr><th>本月发现</th><th>本月办结</th><th>在办</th><th>逾期</th><th>重大隐患未办结</th></tr>
<tr><td>${esc(f.found)}</td><td>${esc(f.closed)}</td><td>${esc(f.open)}</td><td>${esc(f.overdue)}</td><td>${esc(f.major_open)}</td></tr></table>
<h2>二、重大风险</h2><p>重大风险点 ${esc(f.major_risk_points)} 处，其中存在未办结隐患 ${esc(f.major_risk_points_with_open_hazards)} 处。</p>
${rows(c.major_open, [['网格', (r) => r.grid_name], ['类别', (r) => r.category], ['状态', (r) => r.status], ['上报', (r) => day(r.reported_at as string)], ['责任人', (r) => r.responsible ?? '未交办']])}
<h2>三、逾期隐患（最久的 ${esc(c.overdue.length)} 条）</h2>
${rows(c.overdue, [['网格', (r) => r.grid_name], ['类别', (r) => r.category], ['期限', (r) => day(r.deadline as string)], ['责任人', (r) => r.responsible ?? '未交办'], ['督办级别', (r) => r.escalation_level]])}
<h2>四、风险热点（近三个月，Gi*）</h2>
${rows(c.hot_spots, [['网格', (r) => r.name], ['编码', (r) => r.code], ['隐患数', (r) => r.count], ['z 值', (r) => Number(r.gi_z).toFixed(2)]])}
<h2>五、趋势（近六个月）</h2>
${rows(c.trend, [['月份', (r) => r.month], ['发现', (r) => r.found], ['办结', (r) => r.closed], ['重大', (r) => r.major]])}
<h2>六、网格巡查</h2><p>本月巡查覆盖网格 ${esc(f.grids_patrolled)} / ${esc(f.grids)}（${esc(pct(f.patrol_coverage))}）；月末 7 天内未巡查网格 ${esc(f.grids_unpatrolled_7d)} 个。</p>
${w ? `<h2>部门报到（吹哨）</h2>
<table class="figures"><tr><th>本月被吹哨</th><th>按时报到</th><th>迟报或未报到</th><th>已处置</th></tr>
<tr><td>${esc(w.summoned)}</td><td>${esc(w.on_time)}</td><td>${esc(w.late)}</td><td>${esc(w.acted)}</td></tr></table>
${rows(w.owed, [['隐患', (r) => r.hazard_id], ['网格', (r) => r.grid_name], ['类别', (r) => r.category], ['吹哨', (r) => day(r.blown_at as string)], ['报到', (r) => day(r.acknowledged_at as string | null)]])}` : ''}
<h2>七、会议纪要与决定事项</h2><p>${esc(b.minutes ?? '（会后填写）')}</p>
${rows(b.tasks, [['事项', (r) => r.title], ['责任人', (r) => r.assignee], ['完成时限', (r) => r.due], ['状态', (r) => (r.status === 'done' ? `已完成 ${day(r.done_at as string)}` : '未完成')]])}
</body></html>`;
}
