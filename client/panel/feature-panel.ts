import { onLangChange, t } from '../i18n/i18n.ts';
import type { TileLayerName } from '../layers/map-layer-group.ts';
import type { PanelView } from './feature-view.ts';

/** `loading` while a grid's details are on their way, `error` when they could not be had, else `ready`. */
export type PanelState = 'loading' | 'ready' | 'error';

interface Shown {
  layer: TileLayerName;
  id: string | number | undefined;
  state: PanelState;
  /** Rebuilt on every language change, so labels and coded values follow the switch. */
  view: () => PanelView;
}

/**
 * The side panel with the attributes of the clicked feature. Its element carries data-layer, data-feature-id and
 * data-state, so a test can wait for `#feature-panel[data-state="ready"]`.
 */
/** `onClose` is told when the panel's own close button is pressed; closing is the caller's to do. */
export function createFeaturePanel(el: HTMLElement, onClose: () => void) {
  let shown: Shown | null = null;

  function render() {
    el.hidden = !shown;
    if (!shown) {
      el.replaceChildren();
      delete el.dataset.layer;
      delete el.dataset.featureId;
      delete el.dataset.state;
      return;
    }
    const view = shown.view();
    el.dataset.layer = shown.layer;
    el.dataset.featureId = String(shown.id ?? '');
    el.dataset.state = shown.state;

    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'panel-close';
    close.textContent = '×';
    close.title = t('panel.close');
    close.setAttribute('aria-label', t('panel.close'));
    close.addEventListener('click', onClose);

    const title = document.createElement('h2');
    title.textContent = view.title;
    const subtitle = document.createElement('p');
    subtitle.className = 'panel-subtitle';
    subtitle.textContent = view.subtitle;

    const rows = document.createElement('dl');
    for (const r of view.rows) {
      const item = document.createElement('div');
      item.dataset.field = r.field;
      const dt = document.createElement('dt');
      dt.textContent = r.label;
      const dd = document.createElement('dd');
      dd.textContent = r.value;
      if (r.code !== undefined) item.dataset.value = r.code;
      if (r.badge) {
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = r.badge;
        dd.append(' ', badge);
      }
      item.append(dt, dd);
      rows.append(item);
    }

    const status = document.createElement('p');
    status.className = 'panel-status';
    status.textContent = shown.state === 'loading' ? t('panel.loading') : shown.state === 'error' ? t('panel.loadFailed') : '';
    status.hidden = shown.state === 'ready';

    el.replaceChildren(close, title, subtitle, status, rows, ...(view.sections ?? []));
  }

  const panel = {
    show(layer: TileLayerName, id: string | number | undefined, view: () => PanelView, state: PanelState = 'ready') {
      shown = { layer, id, view, state };
      render();
    },
    close() {
      shown = null;
      render();
    },
    /** What the panel shows now, or null when closed. */
    get current(): { layer: TileLayerName; id: string | number | undefined } | null {
      return shown && { layer: shown.layer, id: shown.id };
    },
  };

  onLangChange(render);
  render();
  return panel;
}
