// The verification area analysis, InaSAFE-style: totals, then one row per township, village, group and grid
// (indented by level), with who answers for each and their phone.
import { element } from '../dashboard/element.ts';
import { formatNumber, t } from '../i18n/i18n.ts';
import type { Impact } from './disaster-api.ts';

const TOTALS = ['grids', 'households', 'people', 'risk_points'] as const;

/**
 * Hooks: `[data-testid="impact-totals"] [data-figure][data-value]` (grids, households, people, risk_points) and
 * `[data-testid="impact-table"] tbody tr[data-level][data-code]` with `td[data-col="households" | "people" | …]`.
 */
export function impactView(impact: Impact): HTMLElement {
  const totals = element('div', { className: 'dash-figures impact-totals' }, ...TOTALS.map((k) => {
    const f = element('div', { className: 'dash-figure' },
      element('span', { className: 'value', textContent: formatNumber(impact.totals[k]) }),
      element('span', { className: 'label', textContent: t(`disaster.total.${k}`) }));
    f.dataset.figure = k;
    f.dataset.value = String(impact.totals[k]);
    return f;
  }));
  totals.dataset.testid = 'impact-totals';
  const cols = ['unit', 'grids', 'households', 'people', 'risk_points', 'responsible'] as const;
  const head = element('tr', {}, ...cols.map((c) => element('th', { className: c === 'unit' || c === 'responsible' ? '' : 'num',
    textContent: t(`disaster.col.${c}`) })));
  const rows = impact.units.map((u) => {
    const num = (k: 'grids' | 'households' | 'people' | 'risk_points') => {
      const td = element('td', { className: 'num', textContent: formatNumber(u[k]) });
      td.dataset.col = k;
      return td;
    };
    const name = element('td', { className: `impact-name level-${u.level}`, textContent: u.level === 'grid' ? u.code : u.name });
    name.title = u.code;
    const who = element('td', { className: 'nowrap', textContent: u.responsible ? `${u.responsible.name} ${u.responsible.phone ?? ''}`.trim() : '—' });
    who.dataset.col = 'responsible';
    const tr = element('tr', { className: `impact-${u.level}` }, name, num('grids'), num('households'), num('people'), num('risk_points'), who);
    tr.dataset.level = u.level;
    tr.dataset.code = u.code;
    return tr;
  });
  const table = element('table', { className: 'dash-table impact-table' }, element('thead', {}, head), element('tbody', {}, ...rows));
  table.dataset.testid = 'impact-table';
  const notes = impact.totals.households_outside_grids
    ? [element('p', { className: 'hint', textContent: t('disaster.outsideGrids', { n: formatNumber(impact.totals.households_outside_grids) }) })]
    : [];
  return element('div', { className: 'impact-view' }, totals, ...notes, element('div', { className: 'dash-scroll impact-scroll' }, table));
}
