import type { FeatureCollection, Point } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { formatNumber, onLangChange, t, tValue } from '../i18n/i18n.ts';
import { element } from '../dashboard/element.ts';
import { lastTwelveMonths, periodFromInputs, periodInputs } from '../dashboard/period.ts';
import type { Session } from '../session/session-api.ts';
import {
  fetchHazardPoints, fetchHotspots, filterKey, type HazardPoint, type HotspotCollection, type HotspotFilter, type Severity,
  type StatusFilter,
} from './hotspot-api.ts';
import { CLASS_COLOURS, cssColour, HEAT_RANGE, HOTSPOT_CLASSES } from './hotspot-classes.ts';
import type { HotspotLayer, HotspotOverlay } from './hotspot-overlay.ts';

const LAYERS: HotspotLayer[] = ['heatmap', 'hexagon', 'gistar'];
type Cells = 'grid' | 'hex';

function select(name: string, value: string, options: [string, string][]): HTMLSelectElement {
  const s = element('select', { name });
  s.append(...options.map(([v, label]) => element('option', { value: v, textContent: label, selected: v === value })));
  return s;
}

/**
 * Hot spots on the map, for signed-in users, beside the layer list: a heat map and hexagons of the hazards, and the
 * Gi* hot and cold spots over micro-grids or hexagons, with a time window, severity and status. deck.gl draws them;
 * its chunk loads the first time one is turned on. Scope: the jurisdiction, or the unit the dashboard shows.
 * For tests: `#hotspot-layers input[data-hotspot="heatmap" | "hexagon" | "gistar"]`, `select[name=cells]`,
 * `input[name=fdr]` (false discovery rate correction of the Gi* classes), the card's
 * data-state (off, loading, ready, error); `window.gridwatch.hotspots` with `overlay` and `settled`.
 */
export function createHotspotLayers(el: HTMLElement, map: maplibregl.Map) {
  let session: Session | null = null;
  let unitOverride: string | null = null;
  const active = new Set<HotspotLayer>();
  let cells: Cells = 'grid';
  /** With thousands of cells tested at once, some pass by chance: the correction keeps only what survives that. */
  let fdr = false;
  let period = lastTwelveMonths();
  let severity: Severity | 'all' = 'all';
  let status: StatusFilter = 'all';
  let points: { key: string; fc: FeatureCollection<Point, HazardPoint> } | null = null;
  let gistar: { key: string; fc: HotspotCollection } | null = null;
  let state: 'off' | 'loading' | 'ready' | 'error' = 'off';
  let error: string | null = null;
  let overlay: HotspotOverlay | null = null;
  let overlayLoading: Promise<HotspotOverlay> | null = null;
  let request: AbortController | null = null;
  let settled: Promise<void> = Promise.resolve();

  const filter = (): HotspotFilter | null =>
    session && { unit: unitOverride ?? session.jurisdiction, from: period.from, to: period.to, severity, status };

  function loadOverlay(): Promise<HotspotOverlay> {
    overlayLoading ??= import('./hotspot-overlay.ts').then(
      ({ createHotspotOverlay }) => (overlay = createHotspotOverlay(map)),
      (err: unknown) => {
        overlayLoading = null;
        throw err;
      },
    );
    return overlayLoading;
  }

  async function apply(): Promise<void> {
    request?.abort();
    const f = filter();
    if (!f || active.size === 0) {
      overlay?.show({});
      state = 'off';
      render();
      return;
    }
    const mine = new AbortController();
    request = mine;
    state = 'loading';
    error = null;
    render();
    try {
      const key = filterKey(f);
      const giKey = `${key}&cells=${cells}&fdr=${fdr}`;
      const wantPoints = active.has('heatmap') || active.has('hexagon');
      const [deck, pts, gi] = await Promise.all([
        loadOverlay(),
        wantPoints && points?.key !== key ? fetchHazardPoints(f, mine.signal).then((fc) => ({ key, fc })) : points,
        active.has('gistar') && gistar?.key !== giKey ? fetchHotspots(f, cells, fdr ? 'fdr' : 'none', mine.signal).then((fc) => ({ key: giKey, fc })) : gistar,
      ]);
      if (request !== mine) return;
      points = pts;
      gistar = gi;
      deck.show({
        heatmap: active.has('heatmap') ? points?.fc : null,
        hexagon: active.has('hexagon') ? points?.fc : null,
        gistar: active.has('gistar') ? gistar?.fc : null,
      });
      state = 'ready';
    } catch (err) {
      if (mine.signal.aborted) return;
      console.warn('hot spots:', err);
      state = 'error';
      error = err instanceof Error ? err.message : String(err);
    }
    render();
  }

  function refresh() {
    settled = apply();
  }

  function legend(layer: HotspotLayer): HTMLElement {
    const box = element('div', { className: 'hotspot-legend' });
    if (layer === 'gistar') {
      const list = element('ul');
      for (const c of HOTSPOT_CLASSES) {
        const swatch = element('span', { className: 'swatch swatch-fill' });
        swatch.style.setProperty('--swatch', c === 'not_significant' ? 'transparent' : cssColour(CLASS_COLOURS[c]));
        const count = gistar?.fc.totals.classes[c];
        list.append(element('li', {}, swatch, tValue('hotspots.class', c), ...(count === undefined ? [] : [element('small', { textContent: ` ${formatNumber(count)}` })])));
      }
      box.append(element('p', { textContent: t('hotspots.legend.gistar') }), list);
      return box;
    }
    const ramp = element('span', { className: 'hotspot-ramp' });
    ramp.style.background = `linear-gradient(to right, ${HEAT_RANGE.map((c) => cssColour([...c, 255])).join(', ')})`;
    box.append(element('p', { textContent: t(`hotspots.legend.${layer}`) }),
      element('div', { className: 'hotspot-ramp-row' }, element('small', { textContent: t('hotspots.legend.few') }), ramp,
        element('small', { textContent: t('hotspots.legend.many') })));
    return box;
  }

  function render() {
    el.dataset.state = state;
    const signedIn = session !== null;
    const title = element('h2', { textContent: t('hotspots.title') });
    const list = element('ul');
    for (const layer of LAYERS) {
      const box = element('input', { type: 'checkbox', checked: active.has(layer), disabled: !signedIn });
      box.dataset.hotspot = layer;
      box.addEventListener('change', () => {
        if (box.checked) active.add(layer);
        else active.delete(layer);
        refresh();
      });
      const li = element('li', {}, element('label', {}, box, ` ${t(`hotspots.layer.${layer}`)}`));
      li.classList.toggle('locked', !signedIn);
      if (layer === 'gistar' && active.has('gistar')) {
        const s = select('cells', cells, [['grid', t('hotspots.cells.grid')], ['hex', t('hotspots.cells.hex')]]);
        s.addEventListener('change', () => {
          cells = s.value as Cells;
          refresh();
        });
        const correction = element('input', { type: 'checkbox', name: 'fdr', checked: fdr });
        correction.addEventListener('change', () => {
          fdr = correction.checked;
          refresh();
        });
        li.append(s, element('label', { className: 'hotspot-fdr', title: t('hotspots.fdrTitle') }, correction, ` ${t('hotspots.fdr')}`));
      }
      if (signedIn && active.has(layer)) li.append(legend(layer));
      list.append(li);
    }
    const children: HTMLElement[] = [title, list];
    if (!signedIn) children.push(element('p', { className: 'hint', textContent: t('layers.signInHint') }));
    if (signedIn && active.size) {
      const shown = periodInputs(period);
      const from = element('input', { type: 'date', name: 'from', value: shown.from });
      const to = element('input', { type: 'date', name: 'to', value: shown.to });
      const sev = select('severity', severity, [['all', t('hotspots.all')], ...(['minor', 'general', 'major'] as const).map((s): [string, string] => [s, tValue('severity', s)])]);
      const st = select('status', status, [['all', t('hotspots.all')], ['open', t('hotspots.status.open')], ['closed', t('hotspots.status.closed')]]);
      const form = element('form', { className: 'hotspot-filters' },
        element('label', {}, t('dashboard.from'), from), element('label', {}, t('dashboard.to'), to),
        element('label', {}, t('field.severity'), sev), element('label', {}, t('field.status'), st));
      form.addEventListener('submit', (e) => e.preventDefault());
      form.addEventListener('change', () => {
        period = periodFromInputs(from.value, to.value) ?? period;
        severity = sev.value as Severity | 'all';
        status = st.value as StatusFilter;
        refresh();
      });
      children.push(form);
      const note = element('p', { className: `hint hotspot-status${state === 'error' ? ' error' : ''}` });
      note.textContent = state === 'loading' ? t('panel.loading')
        : state === 'error' ? t('hotspots.failed', { message: error ?? '' })
          : t('hotspots.summary', { n: formatNumber(points?.fc.features.length ?? gistar?.fc.totals.hazards ?? 0), unit: gistar?.fc.unit_name ?? filter()?.unit ?? '' });
      children.push(note);
    }
    el.replaceChildren(...children);
  }

  onLangChange(render);
  render();
  // The layer list above shares the left edge: styles.css keeps it clear of this card by its height.
  new ResizeObserver(() => document.body.style.setProperty('--hotspot-h', `${el.offsetHeight}px`)).observe(el);

  return {
    setSession(next: Session | null) {
      const changed = next?.username !== session?.username || next?.jurisdiction !== session?.jurisdiction;
      session = next;
      if (changed) {
        unitOverride = null;
        points = null;
        gistar = null;
      }
      if (!next) active.clear();
      refresh();
    },
    /** Narrows the hot spots to a unit under the jurisdiction (the dashboard's), or back to all of it with null. */
    setUnit(code: string | null) {
      if (code === unitOverride) return;
      unitOverride = code;
      if (active.size) refresh();
    },
    /** Resolves when what was last asked for has been fetched and handed to deck.gl. */
    get settled(): Promise<void> {
      return settled;
    },
    get overlay(): HotspotOverlay | null {
      return overlay;
    },
    get state() {
      return state;
    },
  };
}
