// The leaders' dashboard (驾驶舱): a unit's rectification figures, the monthly trend, its units worst first, its
// overdue hazards and who answers for them, drilled down from the jurisdiction unit by unit. Loaded as its own chunk
// (ECharts comes with it) by dashboard-mode.ts.
import type * as maplibregl from 'maplibre-gl';
import { hazardCategoryLabel } from '../hazards/hazard-category-label.ts';
import { ApiError } from '../http/fetch-json.ts';
import { currentLang, formatDateTime, formatNumber, onLangChange, t, tValue } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import {
  fetchOverdue, fetchRectification, fetchTrend, fetchUnitShape, rectificationUrl,
  type OverdueHazard, type Period, type Rectification, type TrendMonth, type UnitFigures,
} from './dashboard-api.ts';
import { element } from './element.ts';
import { lastTwelveMonths, periodFromInputs, periodInputs } from './period.ts';
import { createTrendChart } from './trend-chart.ts';
import { codePath, levelBelow, levelOf, type Level } from '../units/unit-levels.ts';
import { showUnitOutline } from './unit-outline.ts';

export interface DashboardOptions {
  /** The unit shown changed (a drill-down, the breadcrumb): the hot spots follow it. */
  onUnit?: (code: string) => void;
  onClose?: () => void;
}

type Figure = 'found' | 'rectified' | 'rate' | 'overdue' | 'major_open';
const FIGURES: Figure[] = ['found', 'rectified', 'rate', 'overdue', 'major_open'];
const FINDERS = ['worker', 'village', 'leader', 'department'] as const;
const SEVERITY_RANK = { major: 0, general: 1, minor: 2 } as const;

const percent = (rate: number | null) => (rate === null
  ? t('panel.empty')
  : new Intl.NumberFormat(currentLang(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate));

/** How long ago a deadline passed, in days, or hours when under one. */
function overdueFor(deadline: string, now: number): string {
  const hours = Math.max(0, (now - new Date(deadline).getTime()) / 3.6e6);
  return hours < 24 ? t('dashboard.overdue.hours', { n: Math.max(1, Math.floor(hours)) }) : t('dashboard.overdue.days', { n: Math.floor(hours / 24) });
}

/**
 * The dashboard inside `el`. Hooks for tests: `el` carries data-state (loading, ready, error), data-unit, data-level
 * and data-load-ms; each figure is `[data-figure]` with data-value; units are `[data-testid="dashboard-units"] tbody
 * tr[data-code]`, overdue hazards `[data-testid="dashboard-overdue"] tbody tr[data-hazard-id]`.
 */
export function createDashboard(el: HTMLElement, map: maplibregl.Map, options: DashboardOptions = {}) {
  let session: Session | null = null;
  let unit = '';
  let period = lastTwelveMonths();
  let sort: 'rate' | 'overdue' = 'rate';
  let data: { stats: Rectification; trend: TrendMonth[]; overdue: OverdueHazard[] } | null = null;
  let state: 'loading' | 'ready' | 'error' = 'loading';
  let error: (() => string) | null = null;
  let request: AbortController | null = null;
  let shape: AbortController | null = null;
  let loadMs: number | null = null;
  let pickedGrid: string | null = null;
  /** Unit names met so far (totals and rows), for the breadcrumb back up, and English ones where there are. */
  const names = new Map<string, string>();
  const namesEn = new Map<string, string>();

  /**
   * A unit's name in the current language: the statistics give English names for the county and townships; other
   * English names come from the administrative unit tiles loaded so far, else it stays Chinese. Grids have none.
   */
  function placeName(code: string, name: string | undefined): string {
    if (currentLang() !== 'en' || code.length === 17) return name ?? code;
    if (namesEn.has(code)) return namesEn.get(code)!;
    if (!map.getSource('admin_unit')) return name ?? code;
    const [feature] = map.querySourceFeatures('admin_unit', { sourceLayer: 'admin_unit', filter: ['==', ['get', 'code'], code] });
    const english = feature?.properties.name_en;
    return typeof english === 'string' && english ? english : name ?? code;
  }

  // The frame is built once: the chart keeps its canvas, the inputs keep focus; the rest is redrawn from data.
  const title = element('h2');
  const close = element('button', { type: 'button', className: 'dash-close' });
  close.addEventListener('click', () => options.onClose?.());
  const crumbs = element('nav', { className: 'dash-crumbs' });
  const fromInput = element('input', { type: 'date', name: 'from' });
  const toInput = element('input', { type: 'date', name: 'to' });
  const fromLabel = element('label', {}, element('span'), fromInput);
  const toLabel = element('label', {}, element('span'), toInput);
  const csv = element('a', { className: 'dash-csv' });
  csv.dataset.testid = 'dashboard-csv';
  csv.setAttribute('download', '');
  const periodForm = element('form', { className: 'dash-period' }, fromLabel, toLabel, csv);
  const status = element('p', { className: 'dash-status' });
  status.setAttribute('role', 'status');
  const figures = element('div', { className: 'dash-figures' });
  const finders = element('p', { className: 'dash-finders' });
  const trendTitle = element('h3');
  const chartBox = element('div', { className: 'dash-chart' });
  chartBox.dataset.testid = 'dashboard-trend';
  const unitsTitle = element('h3');
  const unitsTable = element('table', { className: 'dash-table dash-units' });
  unitsTable.dataset.testid = 'dashboard-units';
  const overdueTitle = element('h3');
  const overdueBox = element('div', { className: 'dash-scroll' });
  overdueBox.dataset.testid = 'dashboard-overdue';
  el.replaceChildren(
    element('header', { className: 'dash-header' }, title, close),
    crumbs, periodForm, status, figures, finders,
    element('section', {}, trendTitle, chartBox),
    element('section', {}, unitsTitle, element('div', { className: 'dash-scroll dash-units-box' }, unitsTable)),
    element('section', {}, overdueTitle, overdueBox),
  );
  const trend = createTrendChart(chartBox);

  periodForm.addEventListener('change', () => {
    const next = periodFromInputs(fromInput.value, toInput.value);
    if (!next) {
      error = () => t('dashboard.badPeriod');
      renderStatus();
      return;
    }
    period = next;
    void load();
  });
  periodForm.addEventListener('submit', (e) => e.preventDefault());

  const level = (): Level => levelBelow(unit) ?? 'grid';

  function renderStatus() {
    el.dataset.state = state;
    el.dataset.unit = unit;
    el.dataset.level = level();
    status.textContent = error?.() ?? (state === 'loading' ? t('panel.loading') : '');
    status.hidden = !status.textContent;
    status.classList.toggle('error', error !== null);
  }

  function renderFrame() {
    title.textContent = names.has(unit) ? t('dashboard.title', { name: placeName(unit, names.get(unit)) }) : t('dashboard.titlePlain');
    close.textContent = '×';
    close.title = t('panel.close');
    close.setAttribute('aria-label', t('panel.close'));
    (fromLabel.firstChild as HTMLElement).textContent = t('dashboard.from');
    (toLabel.firstChild as HTMLElement).textContent = t('dashboard.to');
    ({ from: fromInput.value, to: toInput.value } = periodInputs(period));
    csv.textContent = t('dashboard.csv');
    csv.href = rectificationUrl(unit, level(), period, 'csv');
    trendTitle.textContent = t('dashboard.trend.title');
    unitsTitle.textContent = t('dashboard.units.title', { level: tValue('dashboard.level', level()) });
    overdueTitle.textContent = data ? t('dashboard.overdue.titleCount', { n: formatNumber(data.overdue.length) }) : t('dashboard.overdue.title');

    const path = unit ? codePath(session?.jurisdiction ?? unit, unit) : [];
    crumbs.replaceChildren(...path.flatMap((code, i) => {
      const label = placeName(code, names.get(code));
      const last = i === path.length - 1;
      const item = last ? element('span', { textContent: label }) : element('button', { type: 'button', textContent: label });
      item.dataset.code = code;
      if (last) item.setAttribute('aria-current', 'page');
      else item.addEventListener('click', () => drill(code));
      return i ? [element('span', { className: 'sep', textContent: '›' }), item] : [item];
    }));
  }

  function renderFigures() {
    const total = data?.stats.total;
    const target = data?.stats.target_rate ?? 0.9;
    figures.replaceChildren(...FIGURES.map((f) => {
      const raw = total ? total[f] : null;
      const div = element('div', { className: 'dash-figure' },
        element('span', { className: 'value', textContent: f === 'rate' ? percent(raw) : raw === null ? t('panel.empty') : formatNumber(raw) }),
        element('span', { className: 'label', textContent: t(`dashboard.figure.${f}`) }));
      div.dataset.figure = f;
      div.dataset.value = raw === null ? '' : String(raw);
      if (f === 'rate') {
        div.append(element('small', { textContent: t('dashboard.target', { target: percent(target) }) }));
        div.classList.toggle('below-target', raw !== null && raw < target);
      }
      if ((f === 'overdue' || f === 'major_open') && raw) div.classList.add('alarm');
      return div;
    }));
    finders.textContent = total
      ? t('dashboard.finders', {
        list: FINDERS.filter((k) => total.by_finder[k]?.found).map((k) => `${tValue('dashboard.finder', k)} ${formatNumber(total.by_finder[k].found)}`).join(' · ') || t('panel.empty'),
        hours: total.median_hours_to_close === null ? t('panel.empty') : formatNumber(Math.round(total.median_hours_to_close * 10) / 10),
      })
      : '';
  }

  function sortedRows(rows: UnitFigures[]): UnitFigures[] {
    const byRate = (a: UnitFigures, b: UnitFigures) => (a.rate ?? Infinity) - (b.rate ?? Infinity);
    const byOverdue = (a: UnitFigures, b: UnitFigures) => b.overdue - a.overdue;
    return [...rows].sort((a, b) => (sort === 'rate' ? byRate(a, b) || byOverdue(a, b) : byOverdue(a, b) || byRate(a, b)) || a.code.localeCompare(b.code));
  }

  function sortHeader(key: 'rate' | 'overdue', text: string): HTMLTableCellElement {
    const button = element('button', { type: 'button', className: 'dash-sort', textContent: `${text}${sort === key ? (key === 'rate' ? ' ▲' : ' ▼') : ''}` });
    button.dataset.sort = key;
    button.addEventListener('click', () => {
      sort = key;
      renderUnits();
    });
    const th = element('th', { className: 'num' }, button);
    th.setAttribute('aria-sort', sort === key ? (key === 'rate' ? 'ascending' : 'descending') : 'none');
    return th;
  }

  function renderUnits() {
    const rows = data?.stats.rows ?? [];
    const target = data?.stats.target_rate ?? 0.9;
    const head = element('tr', {},
      element('th', { textContent: t('dashboard.units.name') }),
      element('th', { className: 'num', textContent: t('dashboard.figure.found') }),
      element('th', { className: 'num', textContent: t('dashboard.figure.rectified') }),
      sortHeader('rate', t('dashboard.figure.rate')),
      sortHeader('overdue', t('dashboard.figure.overdue')),
      element('th', { className: 'num', textContent: t('dashboard.units.major') }));
    const leaf = level() === 'grid';
    const body = sortedRows(rows).map((r) => {
      const name = element('button', { type: 'button', className: 'dash-link', textContent: placeName(r.code, r.name) });
      name.title = leaf ? t('dashboard.units.locate', { code: r.code }) : t('dashboard.units.drill', { code: r.code });
      const rate = element('td', { className: 'num', textContent: percent(r.rate) });
      rate.classList.toggle('below-target', r.rate !== null && r.rate < target);
      const tr = element('tr', {}, element('td', {}, name),
        element('td', { className: 'num', textContent: formatNumber(r.found) }),
        element('td', { className: 'num', textContent: formatNumber(r.rectified) }),
        rate,
        element('td', { className: `num${r.overdue ? ' alarm' : ''}`, textContent: formatNumber(r.overdue) }),
        element('td', { className: `num${r.major_open ? ' alarm' : ''}`, textContent: formatNumber(r.major_open) }));
      tr.dataset.code = r.code;
      tr.classList.toggle('picked', r.code === pickedGrid);
      tr.addEventListener('click', () => drill(r.code));
      return tr;
    });
    const empty = element('tr', {}, element('td', { colSpan: 6, className: 'unassigned', textContent: t('dashboard.units.none') }));
    unitsTable.replaceChildren(element('thead', {}, head), element('tbody', {}, ...(body.length || !data ? body : [empty])));
  }

  function renderOverdue() {
    if (!data) {
      overdueBox.replaceChildren();
      return;
    }
    const now = Date.now();
    const list = [...data.overdue].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.deadline.localeCompare(b.deadline));
    const head = element('tr', {}, ...(['grid', 'category', 'deadline', 'responsible', 'escalation'] as const)
      .map((k) => element('th', { textContent: t(`dashboard.overdue.${k}`) })));
    const rows = list.map((h) => {
      const grid = element('td', {}, element('button', { type: 'button', className: 'dash-link', textContent: h.grid_name }));
      grid.title = h.grid_code;
      const category = element('td', {}, hazardCategoryLabel(h.category, currentLang()));
      const badge = element('span', { className: `dash-severity severity-${h.severity}`, textContent: tValue('severity', h.severity) });
      category.append(' ', badge);
      const deadline = element('td', { className: 'nowrap', title: formatDateTime(h.deadline) }, overdueFor(h.deadline, now));
      const who = h.five_fixes?.responsible;
      const responsible = element('td', { className: who ? 'nowrap' : 'nowrap unassigned', textContent: who ?? t('dashboard.overdue.unassigned') });
      responsible.dataset.field = 'responsible';
      const escalation = element('td', { className: 'nowrap', textContent: tValue('escalation', Math.min(h.escalation_level, 4)) });
      const tr = element('tr', {}, grid, category, deadline, responsible, escalation);
      tr.dataset.hazardId = String(h.id);
      tr.dataset.severity = h.severity;
      tr.addEventListener('click', () => void locateHazard(h));
      return tr;
    });
    overdueBox.replaceChildren(rows.length
      ? element('table', { className: 'dash-table' }, element('thead', {}, head), element('tbody', {}, ...rows))
      : element('p', { className: 'hint', textContent: t('dashboard.overdue.none') }));
  }

  function render() {
    renderStatus();
    renderFrame();
    renderFigures();
    renderUnits();
    renderOverdue();
    trend.render();
  }

  async function locateHazard(h: OverdueHazard) {
    // The list holds no geometry: the hazard's grid is where to look.
    await fly(h.grid_code);
  }

  async function fly(code: string) {
    shape?.abort();
    const mine = new AbortController();
    shape = mine;
    try {
      const feature = await fetchUnitShape(code, mine.signal);
      if (shape === mine && map.isStyleLoaded()) showUnitOutline(map, feature);
    } catch (err) {
      if (!mine.signal.aborted) console.warn('dashboard: unit outline', err);
    }
  }

  async function load() {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    const started = performance.now();
    state = 'loading';
    error = null;
    renderStatus();
    renderFrame();
    try {
      const [stats, trendData, overdue] = await Promise.all([
        fetchRectification(unit, level(), period, mine.signal),
        fetchTrend(unit, period, mine.signal),
        fetchOverdue(unit, period, mine.signal),
      ]);
      if (request !== mine) return;
      data = { stats, trend: trendData.months, overdue };
      for (const r of stats.total ? [stats.total, ...stats.rows] : stats.rows) {
        names.set(r.code, r.name);
        if (r.name_en) namesEn.set(r.code, r.name_en);
      }
      state = 'ready';
      trend.setMonths(trendData.months);
      render();
      loadMs = performance.now() - started;
      el.dataset.loadMs = String(Math.round(loadMs));
    } catch (err) {
      if (mine.signal.aborted) return;
      console.warn('dashboard:', err);
      state = 'error';
      const message = err instanceof ApiError || err instanceof Error ? err.message : String(err);
      error = () => t('dashboard.failed', { message });
      render();
    }
  }

  /** Shows a unit under the jurisdiction; a grid has nothing under it, so the map goes there and the row is marked. */
  function drill(code: string) {
    if (levelOf(code) === 'grid' && level() === 'grid' && code !== unit) {
      pickedGrid = code;
      renderUnits();
      void fly(code);
      return;
    }
    pickedGrid = null;
    unit = code;
    data = null;
    options.onUnit?.(code);
    void load();
    void fly(code);
  }

  onLangChange(() => render());

  return {
    /** Shows the signed-in user's dashboard, from their jurisdiction, loading it the first time or after a change. */
    show(next: Session) {
      const changed = next.jurisdiction !== session?.jurisdiction || next.username !== session?.username;
      session = next;
      if (changed) {
        names.clear();
        drill(next.jurisdiction);
      } else if (unit) void fly(unit);
    },
    /** Drops the outline from the map and any request under way. */
    hide() {
      request?.abort();
      shape?.abort();
      if (map.isStyleLoaded() && map.getSource('dashboard-unit')) showUnitOutline(map, null, false);
    },
    drill,
    /** The ECharts instance of the trend, for tests. */
    get chart() {
      return trend.chart;
    },
    get unit() {
      return unit;
    },
    get period(): Period {
      return period;
    },
    /** Milliseconds from asking to drawing, the last time the figures were loaded. */
    get loadMs() {
      return loadMs;
    },
  };
}

export type Dashboard = ReturnType<typeof createDashboard>;
