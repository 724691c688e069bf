import type * as maplibregl from 'maplibre-gl';
import { createLazyPanelMode } from '../inspections/lazy-panel-mode.ts';

/**
 * The 应急 button and the panel it opens, `#emergency` (its own chunk, with terra-draw): disasters and warnings for
 * the chief and leaders, one's own verification tasks and warnings received for grid workers too.
 * `window.gridwatch.emergency.panel` once loaded.
 */
export function createEmergencyMode(el: HTMLElement, button: HTMLButtonElement, map: maplibregl.Map, onOpen?: () => void) {
  const mode = createLazyPanelMode(el, button, {
    allowed: (s) => ['chief', 'leader', 'worker'].includes(s.role),
    load: (panelEl, close) => import('./emergency-panel.ts').then(({ createEmergencyPanel }) => createEmergencyPanel(panelEl, map, { onClose: close })),
    words: { button: 'emergency.button', title: 'emergency.buttonTitle', loadFailed: 'emergency.loadFailed' },
    onOpen,
    bodyFlag: 'emergency',
  });
  return {
    setSession: mode.setSession,
    open: mode.open,
    close: mode.close,
    get isOpen() {
      return mode.isOpen;
    },
    get panel() {
      return mode.panel;
    },
    /** True while the open panel takes map clicks (drawing a footprint or an area), so the feature panel leaves them. */
    get capturesClicks(): boolean {
      return mode.isOpen && (mode.panel?.capturesClicks ?? false);
    },
  };
}
