// The coverage tab of the patrols panel: a period's coverage per grid on the map and in a table of the worst,
// the risk points overdue for a visit, and on request the gaps nobody walked in the last days, hatched.
import type * as maplibregl from 'maplibre-gl';
import { element } from '../dashboard/element.ts';
import { formatDateTime, formatNumber, onLangChange, t, tValue } from '../i18n/i18n.ts';
import { daysBefore, isDay, localDay } from '../patrols/local-day.ts';
import { fetchRiskPoint } from '../risk-points/risk-point-api.ts';
import { fetchCoverage, fetchGaps, type PatrolCoverage, type PatrolGaps } from './coverage-api.ts';
import { COVERAGE_STOPS, type CoverageLayers } from './coverage-layers.ts';

type LoadState = 'off' | 'loading' | 'ready' | 'error';
/** How many of the worst-covered grids the table lists; the map shows them all. */
const WORST = 25;
const LIST_MAX = 50;

const when = (iso: string | null) => (iso ? formatDateTime(iso) : t('patrols.never'));

/**
 * Hooks: the view carries data-state, data-grids, data-overdue, data-gaps (off, loading, ready, error) and
 * data-unpatrolled; the period is `input[name=from | to]`, the gaps `input[name=gaps]` and `input[name=gap_days]`;
 * rows `[data-testid="coverage-worst"] tr[data-grid-id][data-coverage]`, `[data-testid="coverage-overdue"]
 * li[data-risk-point-id]`, `[data-testid="coverage-unpatrolled"] li[data-grid-id]`.
 */
export function createCoverageView(map: maplibregl.Map, layers: CoverageLayers) {
  const el = element('section', { className: 'coverage-view' });
  el.dataset.testid = 'coverage-view';
  let unit = '';
  let to = localDay(Date.now());
  let from = daysBefore(to, 29);
  let state: LoadState = 'off';
  let data: PatrolCoverage | null = null;
  let failure = '';
  let gapsOn = false;
  let gapDays = 7;
  let gapState: LoadState = 'off';
  let gaps: PatrolGaps | null = null;
  let gapFailure = '';
  let gapMs = 0;
  let request: AbortController | null = null;
  let gapRequest: AbortController | null = null;

  async function load() {
    request?.abort();
    const mine = (request = new AbortController());
    state = 'loading';
    render();
    try {
      data = await fetchCoverage(unit, from, to, mine.signal);
      if (request !== mine) return;
      state = 'ready';
      layers.showCoverage(data.grids, data.overdue_risk_points.map((p) => p.id));
    } catch (err) {
      if (mine.signal.aborted) return;
      state = 'error';
      failure = err instanceof Error ? err.message : String(err);
    }
    render();
  }

  async function loadGaps() {
    gapRequest?.abort();
    if (!gapsOn) {
      gapState = 'off';
      gaps = null;
      layers.showGaps(null);
      render();
      return;
    }
    const mine = (gapRequest = new AbortController());
    gapState = 'loading';
    render();
    const started = performance.now();
    try {
      gaps = await fetchGaps(unit, gapDays, mine.signal);
      if (gapRequest !== mine) return;
      gapMs = performance.now() - started;
      gapState = 'ready';
      layers.showGaps(gaps.gaps);
    } catch (err) {
      if (mine.signal.aborted) return;
      gapState = 'error';
      gapFailure = err instanceof Error ? err.message : String(err);
    }
    render();
  }

  async function flyToRiskPoint(id: number) {
    try {
      const point = await fetchRiskPoint(id);
      map.flyTo({ center: point.geometry.coordinates, zoom: Math.max(map.getZoom(), 16) });
    } catch (err) {
      console.warn('overdue risk point:', err);
    }
  }

  function legend(): HTMLElement {
    const ramp = element('span', { className: 'coverage-ramp' });
    ramp.style.background = `linear-gradient(to right, ${COVERAGE_STOPS.map(([pct, c]) => `${c} ${pct}%`).join(', ')})`;
    const ring = element('span', { className: 'coverage-ring' });
    const hatch = element('span', { className: 'coverage-hatch' });
    return element('div', { className: 'coverage-legend' },
      element('small', { textContent: '0%' }), ramp, element('small', { textContent: '100%' }),
      element('span', { className: 'coverage-legend-item' }, ring, t('patrols.legend.overdue')),
      element('span', { className: 'coverage-legend-item' }, hatch, t('patrols.legend.gaps')));
  }

  function worstTable(d: PatrolCoverage): HTMLElement {
    const rows = [...d.grids].sort((a, b) => a.coverage_pct - b.coverage_pct || a.code.localeCompare(b.code)).slice(0, WORST);
    const head = element('tr', {}, ...['grid', 'worker', 'coverage', 'last', 'visited'].map((k) =>
      element('th', { textContent: t(`patrols.col.${k}` as 'patrols.col.grid') })));
    const body = element('tbody');
    for (const g of rows) {
      const tr = element('tr', {},
        element('td', {}, g.name ?? g.code, element('small', { textContent: ` ${g.code}` })),
        element('td', { textContent: g.worker_name ?? t('panel.empty') }),
        element('td', { className: 'num', textContent: `${Number(g.coverage_pct).toFixed(1)}%` }),
        element('td', { className: 'nowrap', textContent: when(g.last_patrolled_at) }),
        element('td', { className: 'num', textContent: `${formatNumber(g.risk_points_visited)} / ${formatNumber(g.risk_points_due)}` }));
      tr.dataset.gridId = String(g.grid_id);
      tr.dataset.coverage = String(g.coverage_pct);
      body.append(tr);
    }
    const table = element('table', { className: 'dash-table' }, element('thead', {}, head), body);
    table.dataset.testid = 'coverage-worst';
    return table;
  }

  function overdueList(d: PatrolCoverage): HTMLElement {
    const list = element('ul', { className: 'coverage-list' });
    list.dataset.testid = 'coverage-overdue';
    for (const p of d.overdue_risk_points.slice(0, LIST_MAX)) {
      const go = element('button', { type: 'button', className: 'link', textContent: p.name });
      go.addEventListener('click', () => void flyToRiskPoint(p.id));
      const li = element('li', {}, go, ` ${tValue('riskLevel', p.level)} · `,
        t('patrols.overdueDays', { n: p.days_overdue === null ? '—' : formatNumber(p.days_overdue) }),
        element('small', { textContent: ` ${t('patrols.lastVisit')} ${when(p.last_visited_at)}` }));
      li.dataset.riskPointId = String(p.id);
      list.append(li);
    }
    if (!d.overdue_risk_points.length) list.append(element('li', { className: 'hint', textContent: t('patrols.noneOverdue') }));
    return list;
  }

  function gapsSection(): HTMLElement {
    const box = element('input', { type: 'checkbox', name: 'gaps', checked: gapsOn });
    const days = element('input', { type: 'number', name: 'gap_days', min: '1', max: '90', value: String(gapDays) });
    box.addEventListener('change', () => {
      gapsOn = box.checked;
      void loadGaps();
    });
    days.addEventListener('change', () => {
      const n = Number(days.value);
      if (!Number.isInteger(n) || n < 1 || n > 90) return;
      gapDays = n;
      if (gapsOn) void loadGaps();
    });
    const section = element('section', { className: 'coverage-gaps' },
      element('label', { className: 'check' }, box, t('patrols.gaps')),
      element('label', {}, t('patrols.gapDays'), days));
    if (gapState === 'loading') section.append(element('p', { className: 'hint', textContent: t('patrols.gapsLoading') }));
    if (gapState === 'error') section.append(element('p', { className: 'error', textContent: t('patrols.failed', { message: gapFailure }) }));
    if (gapState === 'ready' && gaps) {
      section.append(element('p', { className: 'hint', textContent: t('patrols.gapsSummary', {
        n: formatNumber(gaps.unpatrolled.length), days: gaps.days, s: (gapMs / 1000).toFixed(1) }) }));
      const list = element('ul', { className: 'coverage-list' });
      list.dataset.testid = 'coverage-unpatrolled';
      for (const g of gaps.unpatrolled.slice(0, LIST_MAX)) {
        const li = element('li', {}, `${g.name ?? g.code} `, element('small', { textContent: `${g.code} · ${g.worker_name ?? ''} · ${t('patrols.lastPatrol')} ${when(g.last_patrolled_at)}` }));
        li.dataset.gridId = String(g.grid_id);
        list.append(li);
      }
      if (gaps.unpatrolled.length > LIST_MAX) list.append(element('li', { className: 'hint', textContent: t('patrols.more', { n: formatNumber(gaps.unpatrolled.length - LIST_MAX) }) }));
      section.append(list);
    }
    return section;
  }

  function render() {
    el.dataset.state = state;
    el.dataset.gaps = gapState;
    el.dataset.grids = String(data?.grids.length ?? 0);
    el.dataset.overdue = String(data?.overdue_risk_points.length ?? 0);
    el.dataset.unpatrolled = String(gaps?.unpatrolled.length ?? 0);
    const fromInput = element('input', { type: 'date', name: 'from', value: from, max: to });
    const toInput = element('input', { type: 'date', name: 'to', value: to, min: from });
    const period = element('form', { className: 'dash-period' },
      element('label', {}, t('dashboard.from'), fromInput), element('label', {}, t('dashboard.to'), toInput));
    period.addEventListener('submit', (e) => e.preventDefault());
    period.addEventListener('change', () => {
      if (!isDay(fromInput.value) || !isDay(toInput.value) || fromInput.value > toInput.value) return;
      from = fromInput.value;
      to = toInput.value;
      void load();
    });
    const children: HTMLElement[] = [period, legend()];
    if (state === 'loading') children.push(element('p', { className: 'hint', textContent: t('panel.loading') }));
    if (state === 'error') children.push(element('p', { className: 'error', textContent: t('patrols.failed', { message: failure }) }));
    if (data && state !== 'error') {
      const mean = data.grids.length ? data.grids.reduce((s, g) => s + Number(g.coverage_pct), 0) / data.grids.length : 0;
      children.push(
        element('p', { className: 'hint', textContent: t('patrols.summary', { n: formatNumber(data.grids.length), pct: mean.toFixed(1) }) }),
        element('h3', { textContent: t('patrols.worst') }), element('div', { className: 'dash-scroll' }, worstTable(data)),
        element('h3', { textContent: t('patrols.overdue', { n: formatNumber(data.overdue_risk_points.length) }) }), overdueList(data));
    }
    children.push(element('h3', { textContent: t('patrols.gapsTitle') }), gapsSection());
    el.replaceChildren(...children);
  }

  onLangChange(render);
  render();

  return {
    el,
    /** Shows the unit's coverage (the signed-in user's jurisdiction) and puts it on the map. */
    show(nextUnit: string) {
      unit = nextUnit;
      void load();
      if (gapsOn) void loadGaps();
    },
    hide() {
      request?.abort();
      gapRequest?.abort();
      layers.remove();
    },
    get state() {
      return state;
    },
  };
}
