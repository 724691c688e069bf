// 预警叫应: issuing a warning over an area (or a disaster's), the county's warnings, and the one picked followed live
// on the map (its grids acknowledged, silent or escalated, fetched again every 15 s while shown), where a leader
// records a call-back for a grid. A grid worker sees instead the warnings sent to them, to acknowledge.
import { bbox } from '@turf/turf';
import type * as maplibregl from 'maplibre-gl';
import { element } from '../dashboard/element.ts';
import type { AreaPicker } from '../disasters/area-picker.ts';
import { listDisasters } from '../disasters/disaster-api.ts';
import { failed, messageBox, type PanelMessage } from '../disasters/panel-message.ts';
import { formatDateTime, formatNumber, t, tValue } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import { createReceivedWarnings } from './received-warnings.ts';
import { acknowledge, getWarning, listWarnings, type Warning, type WarningRow } from './warning-api.ts';
import { createWarningForm } from './warning-form.ts';
import type { WarningLayers } from './warning-layers.ts';
import { warningView } from './warning-view.ts';

/** How often the picked warning's answers are fetched again while the panel shows it ("live"). */
export const LIVE_REFRESH_MS = 15_000;

const issues = (s: Session) => s.role === 'chief' || (s.role === 'leader' && s.jurisdiction.length <= 12);

/**
 * Hooks: `el` carries data-state, data-warning-id (the one picked) and data-refreshed (how many live refreshes so
 * far); `button[data-action="new-warning"]` opens the form (warning-form.ts); the list
 * `[data-testid="warning-list"] li[data-warning-id]` with `button[data-action="open"]`; the picked warning as in
 * warning-view.ts; the outcome `[data-testid="warning-message"][data-kind][data-status]`. A worker gets
 * received-warnings.ts instead.
 */
export function createWarningsPanel(el: HTMLElement, map: maplibregl.Map, options: { layers: WarningLayers; picker: AreaPicker; padding: () => maplibregl.PaddingOptions }) {
  let session: Session | null = null;
  let rows: WarningRow[] = [];
  let state: 'loading' | 'ready' | 'error' = 'loading';
  let creating = false;
  let warning: Warning | null = null;
  let message: PanelMessage | null = null;
  let busyGrid: number | null = null;
  let refreshed = 0;
  let timer = 0;
  let request: AbortController | null = null;

  const { picker } = options;
  const form = createWarningForm(picker, {
    onIssued(issued) {
      creating = false;
      picker.stop();
      message = { kind: 'success', text: t('warning.issued', { id: issued.id, grids: formatNumber(issued.totals.grids), people: formatNumber(issued.recipients.length) }) };
      void loadList();
      void pick(issued.id, true);
    },
    onCancel() {
      creating = false;
      picker.stop();
      render();
    },
  });
  const newButton = element('button', { type: 'button', className: 'primary' });
  newButton.dataset.action = 'new-warning';
  newButton.addEventListener('click', async () => {
    creating = !creating;
    if (creating) form.reset(await listDisasters().then((r) => r.rows, () => []));
    else picker.stop();
    render();
  });
  const listBox = element('div');
  const messageSlot = element('div');
  const detailBox = element('div');
  const managerBox = element('div', { className: 'warnings-manage' },
    element('div', { className: 'hazard-buttons disaster-toolbar' }, newButton), form.el, messageSlot, listBox, detailBox);
  const receivedBox = element('div');
  const received = createReceivedWarnings(receivedBox);
  el.replaceChildren(managerBox, receivedBox);

  const worker = () => session?.role === 'worker';

  function render() {
    el.dataset.state = state;
    el.dataset.warningId = warning ? String(warning.id) : '';
    el.dataset.refreshed = String(refreshed);
    managerBox.hidden = worker();
    receivedBox.hidden = !worker();
    newButton.hidden = !(session && issues(session));
    newButton.textContent = creating ? t('disaster.closeNew') : t('warning.new');
    form.el.hidden = !creating;
    messageSlot.replaceChildren(messageBox(message, 'warning-message'));
    const list = element('ul', { className: 'brief-list warning-list' }, ...rows.map((r) => {
      const open = element('button', { type: 'button', className: 'dash-link', textContent: `${tValue('warning.level', r.level)} #${r.id}` });
      open.dataset.action = 'open';
      open.addEventListener('click', () => void pick(r.id, true));
      const li = element('li', { className: r.id === warning?.id ? `picked level-${r.level}` : `level-${r.level}` }, open,
        element('span', { textContent: r.message }),
        element('small', { textContent: t('warning.rowMeta', { at: formatDateTime(r.issued_at), acked: formatNumber(r.acknowledged), grids: formatNumber(r.grids) }) }));
      li.dataset.warningId = String(r.id);
      return li;
    }));
    list.dataset.testid = 'warning-list';
    if (state === 'ready' && !rows.length) list.append(element('li', { className: 'hint', textContent: t('warning.none') }));
    listBox.replaceChildren(element('h3', { textContent: t('warning.list') }), list);
    detailBox.replaceChildren(warning ? warningView(warning, {
      canCallBack: session !== null && ['leader', 'chief'].includes(session.role), busyGrid, onCallBack: (g) => void callBack(g),
    }) : '');
  }

  async function pick(id: number, fit: boolean) {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    try {
      const w = await getWarning(id, { geometry: true, signal: mine.signal });
      if (request !== mine) return;
      warning = w;
      options.layers.show(w.properties.grids);
      if (fit && w.properties.grids.length) {
        const [west, s, e, n] = bbox({ type: 'FeatureCollection', features: w.properties.grids.filter((g) => g.geometry)
          .map((g) => ({ type: 'Feature', geometry: g.geometry!, properties: {} })) });
        map.fitBounds([[west, s], [e, n]], { padding: options.padding(), maxZoom: 16, duration: 0 });
      }
    } catch (err) {
      if (mine.signal.aborted) return;
      message = failed(t('warning.loadFailed'), err);
    }
    render();
    schedule();
  }

  /** Live: while the panel shows a warning, its answers are fetched again every LIVE_REFRESH_MS. */
  function schedule() {
    window.clearTimeout(timer);
    if (!warning || worker()) return;
    const id = warning.id;
    timer = window.setTimeout(async () => {
      refreshed += 1;
      await pick(id, false);
    }, LIVE_REFRESH_MS);
  }

  async function callBack(gridId: number) {
    if (!warning) return;
    busyGrid = gridId;
    message = null;
    render();
    try {
      await acknowledge(warning.id, { grid_id: gridId, note: t('warning.callBackNote') });
      message = { kind: 'success', text: t('warning.calledBack') };
    } catch (err) {
      message = failed(t('warning.ackFailed'), err);
    }
    busyGrid = null;
    await pick(warning.id, false);
  }

  async function loadList() {
    try {
      rows = (await listWarnings()).rows;
      state = 'ready';
    } catch (err) {
      state = 'error';
      message = failed(t('warning.loadFailed'), err);
    }
    render();
  }

  return {
    show(next: Session) {
      session = next;
      picker.listen(() => form.render());
      render();
      if (worker()) {
        received.show(next);
        return;
      }
      void loadList();
      if (warning) void pick(warning.id, false);
    },
    hide() {
      window.clearTimeout(timer);
      request?.abort();
      received.hide();
      creating = false;
      picker.stop();
      options.layers.clear();
    },
    render() {
      render();
      received.render();
    },
    get capturesClicks(): boolean {
      return creating && picker.capturesClicks;
    },
  };
}

export type WarningsPanel = ReturnType<typeof createWarningsPanel>;
