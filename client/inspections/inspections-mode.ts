import { createLazyPanelMode } from './lazy-panel-mode.ts';

/**
 * The 明查暗访 button (leaders and the chief, who have inspection duties) and the panel it opens, `#inspections`.
 * `window.gridwatch.inspections.panel` once loaded.
 */
export const createInspectionsMode = (el: HTMLElement, button: HTMLButtonElement, onOpen?: () => void) =>
  createLazyPanelMode(el, button, {
    allowed: (s) => s.role === 'leader' || s.role === 'chief',
    load: (panelEl, close) => import('./inspections-panel.ts').then(({ createInspectionsPanel }) => createInspectionsPanel(panelEl, { onClose: close })),
    words: { button: 'inspections.button', title: 'inspections.buttonTitle', loadFailed: 'inspections.loadFailed' },
    onOpen,
    bodyFlag: 'inspections',
  });
