import { currentLang, formatNumber, onLangChange, t } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import { fetchRectificationTotal, type UnitFigures } from '../stats/rectification-api.ts';

type Figure = 'found' | 'rectified' | 'rate' | 'overdue' | 'major_open';
const FIGURES: Figure[] = ['found', 'rectified', 'rate', 'overdue', 'major_open'];

/** Leaders and the chief watch the figures of their jurisdiction; grid workers and planners do not need them. */
const WATCHERS: Session['role'][] = ['leader', 'chief'];

const percent = (rate: number, digits = 1) =>
  new Intl.NumberFormat(currentLang(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(rate);

/**
 * The rectification figures of the signed-in leader's jurisdiction as a whole, from /api/stats/rectification: found,
 * rectified (closed), the rate against the county's 90% target, overdue, major ones still open. Each figure is
 * `#hazard-figures [data-figure="found"]` with its number in data-value; the strip has data-state.
 */
export function createHazardFigures(el: HTMLElement) {
  let session: Session | null = null;
  let figures: { total: UnitFigures | null; target: number } | null = null;
  let state: 'loading' | 'ready' | 'error' = 'loading';
  let request: AbortController | null = null;

  function item(figure: Figure, value: string, raw: number | null, note?: string): HTMLElement {
    const div = document.createElement('div');
    div.className = 'figure';
    div.dataset.figure = figure;
    div.dataset.value = raw === null ? '' : String(raw);
    const v = document.createElement('span');
    v.className = 'figure-value';
    v.textContent = value;
    const label = document.createElement('span');
    label.className = 'figure-label';
    label.textContent = t(`figures.${figure}`);
    div.append(v, label);
    if (note) {
      const small = document.createElement('small');
      small.textContent = note;
      div.append(small);
    }
    return div;
  }

  function render() {
    const watching = session !== null && WATCHERS.includes(session.role);
    el.hidden = !watching;
    el.dataset.state = state;
    if (!watching) {
      el.replaceChildren();
      return;
    }
    const title = document.createElement('h2');
    title.textContent = figures?.total ? t('figures.title', { name: figures.total.name }) : t('figures.titlePlain');
    if (state === 'error' || !figures?.total) {
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = state === 'error' ? t('figures.failed') : t('panel.loading');
      el.replaceChildren(title, p);
      return;
    }
    const { total, target } = figures;
    const items = FIGURES.map((f) => {
      if (f !== 'rate') return item(f, formatNumber(total[f]), total[f]);
      const rate = total.rate;
      const div = item('rate', rate === null ? t('panel.empty') : percent(rate), rate, t('figures.target', { target: percent(target, 0) }));
      div.classList.toggle('below-target', rate !== null && rate < target);
      return div;
    });
    for (const f of items) if (['overdue', 'major_open'].includes(f.dataset.figure!) && Number(f.dataset.value) > 0) f.classList.add('alarm');
    const row = document.createElement('div');
    row.className = 'figures';
    row.append(...items);
    el.replaceChildren(title, row);
  }

  async function refresh() {
    request?.abort();
    request = null;
    if (!session || !WATCHERS.includes(session.role)) {
      render();
      return;
    }
    const mine = new AbortController();
    request = mine;
    state = 'loading';
    render();
    try {
      const stats = await fetchRectificationTotal(session.jurisdiction, mine.signal);
      if (request !== mine) return;
      figures = { total: stats.total, target: stats.target_rate };
      state = 'ready';
    } catch (err) {
      if (mine.signal.aborted) return;
      console.warn('rectification figures:', err);
      state = 'error';
    }
    render();
  }

  onLangChange(render);
  render();
  return {
    setSession(next: Session | null) {
      const changed = next?.username !== session?.username || next?.jurisdiction !== session?.jurisdiction;
      session = next;
      if (changed) figures = null;
      void refresh();
    },
    /** Asks again, e.g. after a hazard has moved on. */
    refresh,
  };
}
