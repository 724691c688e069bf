import { element } from '../dashboard/element.ts';
import { hazardCategoryLabel } from '../hazards/hazard-category-label.ts';
import { currentLang, formatNumber, t, tValue } from '../i18n/i18n.ts';
import type { BriefContent, BriefFigures, BriefHazard } from './briefing-api.ts';

type Figure = 'found' | 'closed' | 'open' | 'overdue' | 'major_open' | 'major_risk_points' | 'patrol_coverage';
const FIGURES: Figure[] = ['found', 'closed', 'open', 'overdue', 'major_open', 'major_risk_points', 'patrol_coverage'];
const ALARMS: Figure[] = ['overdue', 'major_open'];

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : t('panel.empty'));
const percent = (v: number | null) => (v === null
  ? t('panel.empty')
  : new Intl.NumberFormat(currentLang(), { style: 'percent', maximumFractionDigits: 1 }).format(v));

function figureValue(f: BriefFigures, key: Figure): string {
  if (key === 'patrol_coverage') return percent(f.patrol_coverage);
  return formatNumber(f[key]);
}

function table(testid: string, head: string[], rows: HTMLTableRowElement[], none: string): HTMLElement {
  const box = element('div', { className: 'dash-scroll' });
  box.dataset.testid = testid;
  box.append(rows.length
    ? element('table', { className: 'dash-table' },
      element('thead', {}, element('tr', {}, ...head.map((h) => element('th', { textContent: h })))),
      element('tbody', {}, ...rows))
    : element('p', { className: 'hint', textContent: none }));
  return box;
}

function hazardRows(list: BriefHazard[], overdue: boolean): HTMLTableRowElement[] {
  return list.map((h) => {
    const responsible = element('td', { className: h.responsible ? 'nowrap' : 'nowrap unassigned', textContent: h.responsible ?? t('dashboard.overdue.unassigned') });
    responsible.dataset.field = 'responsible';
    const tr = element('tr', {},
      element('td', { textContent: h.grid_name ?? h.grid_code, title: h.grid_code }),
      element('td', {}, hazardCategoryLabel(h.category, currentLang()), ' ',
        element('span', { className: `dash-severity severity-${h.severity}`, textContent: tValue('severity', h.severity) })),
      element('td', { className: 'nowrap', textContent: overdue ? day(h.deadline) : day(h.reported_at) }),
      responsible,
      element('td', { className: 'nowrap', textContent: overdue ? tValue('escalation', Math.min(h.escalation_level, 4)) : tValue('status', h.status) }));
    tr.dataset.hazardId = String(h.id);
    return tr;
  });
}

/**
 * A brief's content as the panel shows it: the figures, the open major hazards, the longest-overdue hazards with who
 * answers for them, the hot grids and a box for the six-month trend (drawn by the caller). Hooks:
 * `[data-figure][data-value]`, `[data-testid="brief-major-open" | "brief-overdue" | "brief-hot-spots"] tr`,
 * `[data-testid="brief-trend"]`.
 */
export function briefView(c: BriefContent): { el: HTMLElement; chartBox: HTMLElement } {
  const f = c.figures;
  const figures = element('div', { className: 'dash-figures brief-figures' }, ...FIGURES.map((key) => {
    const raw = key === 'patrol_coverage' ? f.patrol_coverage : f[key];
    const div = element('div', { className: 'dash-figure' },
      element('span', { className: 'value', textContent: figureValue(f, key) }),
      element('span', { className: 'label', textContent: t(`briefings.figure.${key}`) }));
    div.dataset.figure = key;
    div.dataset.value = raw === null ? '' : String(raw);
    if (ALARMS.includes(key) && raw) div.classList.add('alarm');
    return div;
  }));
  const notes = element('p', { className: 'dash-finders', textContent: t('briefings.notes', {
    withHazards: formatNumber(f.major_risk_points_with_open_hazards),
    patrolled: formatNumber(f.grids_patrolled), grids: formatNumber(f.grids), unpatrolled: formatNumber(f.grids_unpatrolled_7d),
  }) });

  const hazardHead = (overdue: boolean) => [t('dashboard.overdue.grid'), t('dashboard.overdue.category'),
    overdue ? t('dashboard.overdue.deadline') : t('briefings.reported'), t('dashboard.overdue.responsible'),
    overdue ? t('dashboard.overdue.escalation') : t('field.status')];

  const hot = c.hot_spots.map((g) => {
    const tr = element('tr', {},
      element('td', { textContent: g.name ?? g.code }),
      element('td', { className: 'nowrap', textContent: g.code }),
      element('td', { className: 'num', textContent: formatNumber(g.count) }),
      element('td', { className: 'num', textContent: formatNumber(Math.round(g.gi_z * 100) / 100) }),
      element('td', { className: 'nowrap', textContent: tValue('hotspots.class', g.class) }));
    tr.dataset.code = g.code;
    return tr;
  });

  const chartBox = element('div', { className: 'dash-chart brief-chart' });
  chartBox.dataset.testid = 'brief-trend';
  const el = element('div', { className: 'brief-content' },
    figures, notes,
    element('section', {}, element('h3', { textContent: t('briefings.majorOpen', { n: formatNumber(c.major_open.length) }) }),
      table('brief-major-open', hazardHead(false), hazardRows(c.major_open, false), t('briefings.noneMajor'))),
    element('section', {}, element('h3', { textContent: t('briefings.overdue', { n: formatNumber(c.overdue.length) }) }),
      table('brief-overdue', hazardHead(true), hazardRows(c.overdue, true), t('dashboard.overdue.none'))),
    element('section', {}, element('h3', { textContent: t('briefings.hotSpots') }),
      table('brief-hot-spots', [t('dashboard.overdue.grid'), t('field.code'), t('briefings.hazards'), 'z', t('briefings.class')], hot, t('briefings.noneHot'))),
    element('section', {}, element('h3', { textContent: t('briefings.trend') }), chartBox));
  return { el, chartBox };
}
