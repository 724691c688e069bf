import { createLazyPanelMode } from '../inspections/lazy-panel-mode.ts';

/**
 * The 风险研判 button and the panel it opens, `#briefings`: for leaders and the chief, who hold the monthly meeting,
 * and for department accounts, which brief their own department. `window.gridwatch.briefings.panel` once loaded.
 */
export const createBriefingsMode = (el: HTMLElement, button: HTMLButtonElement, onOpen?: () => void) =>
  createLazyPanelMode(el, button, {
    allowed: (s) => ['leader', 'chief', 'department'].includes(s.role),
    load: (panelEl, close) => import('./briefings-panel.ts').then(({ createBriefingsPanel }) => createBriefingsPanel(panelEl, { onClose: close })),
    words: { button: 'briefings.button', title: 'briefings.buttonTitle', loadFailed: 'briefings.loadFailed' },
    onOpen,
    bodyFlag: 'briefings',
  });
