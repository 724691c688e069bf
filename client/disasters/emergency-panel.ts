// 应急: one side panel with the disaster verification (灾情核查), the warnings (预警叫应) and one's own verification
// tasks (我的任务), as tabs, so the crowded top bar gets a single button. Each tab owns its map layers while shown.
import type * as maplibregl from 'maplibre-gl';
import { element } from '../dashboard/element.ts';
import { onLangChange, t } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import { createWarningLayers } from '../warnings/warning-layers.ts';
import { createWarningsPanel } from '../warnings/warnings-panel.ts';
import { createAreaPicker } from './area-picker.ts';
import { createDisasterLayers } from './disaster-layers.ts';
import { createDisastersPanel } from './disasters-panel.ts';
import { createMyTasksPanel } from './my-tasks-panel.ts';

export type EmergencyTab = 'disasters' | 'warnings' | 'mine';

/** The chief and township or village leaders record disasters, plan them and issue warnings (as the server rules). */
export const managesDisasters = (s: Session) => s.role === 'chief' || (s.role === 'leader' && s.jurisdiction.length <= 12);

const tabsFor = (s: Session): EmergencyTab[] => (managesDisasters(s) ? ['disasters', 'warnings', 'mine'] : ['mine', 'warnings']);

/** Below this width the panel takes the lower part of the screen and the map the upper (a phone). */
const COMPACT_PX = 760;

/**
 * Hooks: `#emergency` with data-tab and data-layout (`wide`, `compact`); tabs `button[data-tab="disasters" |
 * "warnings" | "mine"]`; each tab a `[data-tab-box]` as described in its file. `window.gridwatch.emergency.panel`.
 */
export function createEmergencyPanel(el: HTMLElement, map: maplibregl.Map, options: { onClose: () => void }) {
  let session: Session | null = null;
  let tab: EmergencyTab | null = null;
  let shown = false;

  const compact = () => window.innerWidth < COMPACT_PX;
  /** Room to leave when fitting the map to something: the map already sits beside (or above) the panel. */
  const padding = (): maplibregl.PaddingOptions => (compact()
    ? { top: 90, bottom: 30, left: 30, right: 30 }
    : { top: 80, bottom: 50, left: 60, right: 280 });

  const picker = createAreaPicker(map);
  const disasterLayers = createDisasterLayers(map);
  const title = element('h2');
  const close = element('button', { type: 'button', className: 'dash-close', textContent: '×' });
  close.addEventListener('click', () => options.onClose());
  const nav = element('nav', { className: 'register-tabs' });
  nav.setAttribute('role', 'tablist');
  const boxes: Record<EmergencyTab, HTMLElement> = {
    disasters: element('div', { className: 'register-tab' }),
    warnings: element('div', { className: 'register-tab' }),
    mine: element('div', { className: 'register-tab' }),
  };
  for (const [name, box] of Object.entries(boxes)) box.dataset.tabBox = name;
  el.replaceChildren(element('header', { className: 'dash-header' }, title, close), nav, ...Object.values(boxes));

  const panels = {
    disasters: createDisastersPanel(boxes.disasters, map, { layers: disasterLayers, picker, padding }),
    warnings: createWarningsPanel(boxes.warnings, map, { layers: createWarningLayers(map), picker, padding }),
    mine: createMyTasksPanel(boxes.mine, map, { layers: disasterLayers, padding }),
  };

  function render() {
    el.dataset.tab = tab ?? '';
    el.dataset.layout = compact() ? 'compact' : 'wide';
    title.textContent = t('emergency.title');
    close.title = t('panel.close');
    close.setAttribute('aria-label', t('panel.close'));
    nav.replaceChildren(...(session ? tabsFor(session) : []).map((name) => {
      const b = element('button', { type: 'button', textContent: t(`emergency.tab.${name}`) });
      b.dataset.tab = name;
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(name === tab));
      b.addEventListener('click', () => switchTo(name));
      return b;
    }));
    for (const [name, box] of Object.entries(boxes)) box.hidden = name !== tab;
  }

  function switchTo(next: EmergencyTab) {
    if (!session || next === tab) return;
    if (tab) panels[tab].hide();
    tab = next;
    render();
    panels[tab].show(session);
  }

  onLangChange(() => {
    render();
    if (tab && shown) panels[tab].render();
  });
  window.addEventListener('resize', () => {
    if (shown) el.dataset.layout = compact() ? 'compact' : 'wide';
  });

  return {
    show(next: Session) {
      const available = tabsFor(next);
      if (tab && shown) panels[tab].hide();
      session = next;
      shown = true;
      if (!tab || !available.includes(tab)) tab = available[0];
      render();
      panels[tab].show(next);
    },
    hide() {
      shown = false;
      if (tab) panels[tab].hide();
    },
    /** Opens a tab (for tests and links). */
    switchTo,
    get tab(): EmergencyTab | null {
      return tab;
    },
    /** While a footprint or a warning area is being drawn or clicked, map clicks are the panel's. */
    get capturesClicks(): boolean {
      return shown && ((tab === 'disasters' && panels.disasters.capturesClicks) || (tab === 'warnings' && panels.warnings.capturesClicks));
    },
    panels,
  };
}

export type EmergencyPanel = ReturnType<typeof createEmergencyPanel>;
