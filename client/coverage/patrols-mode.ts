import type * as maplibregl from 'maplibre-gl';
import { createLazyPanelMode } from '../inspections/lazy-panel-mode.ts';

/**
 * The 巡查 button (grid workers for their own grid, leaders and the chief for their jurisdiction) and the panel it
 * opens, `#patrols`, its own chunk. `window.gridwatch.patrols.panel` once loaded.
 */
export const createPatrolsMode = (el: HTMLElement, button: HTMLButtonElement, map: maplibregl.Map, onOpen?: () => void) =>
  createLazyPanelMode(el, button, {
    allowed: (s) => s.role === 'worker' || s.role === 'leader' || s.role === 'chief',
    load: (panelEl, close) => import('./patrols-panel.ts').then(({ createPatrolsPanel }) => createPatrolsPanel(panelEl, map, { onClose: close })),
    words: { button: 'patrols.button', title: 'patrols.buttonTitle', loadFailed: 'patrols.loadFailed' },
    onOpen,
    bodyFlag: 'patrols',
  });
