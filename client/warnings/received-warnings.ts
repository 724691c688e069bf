// A grid worker's side of a warning (叫应): the warnings sent to them, and "收到" to acknowledge each.
import { element } from '../dashboard/element.ts';
import { failed, messageBox, type PanelMessage } from '../disasters/panel-message.ts';
import { formatDateTime, t, tValue } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import { acknowledge, getWarning, listWarnings, type Warning, type WarningGrid } from './warning-api.ts';

/** Warnings looked at for one's own: the latest. GET /api/warnings says nothing of who received what. */
const SCANNED = 20;

interface Received {
  warning: Warning;
  grid: WarningGrid;
}

/**
 * Hooks: `el` has data-state and data-count; `[data-testid="received-warnings"] li[data-warning-id][data-state]`
 * with `button[data-action="acknowledge"]`; the outcome `[data-testid="received-message"][data-kind]`.
 */
export function createReceivedWarnings(el: HTMLElement) {
  let session: Session | null = null;
  let received: Received[] = [];
  let state: 'loading' | 'ready' | 'error' = 'loading';
  let message: PanelMessage | null = null;
  let busy: number | null = null;
  let request: AbortController | null = null;

  function render() {
    el.dataset.state = state;
    el.dataset.count = String(received.length);
    const list = element('ul', { className: 'brief-list received-warnings' }, ...received.map(({ warning: w, grid }) => {
      const p = w.properties;
      const ack = element('button', { type: 'button', className: 'primary', textContent: t('warning.acknowledge'), disabled: busy !== null });
      ack.dataset.action = 'acknowledge';
      ack.addEventListener('click', () => void acknowledgeOne(w.id));
      const li = element('li', { className: `level-${p.level}` },
        element('strong', { textContent: tValue('warning.level', p.level) }), element('span', { textContent: p.message }),
        element('small', { textContent: `${formatDateTime(p.issued_at)} · ${grid.code}` }),
        grid.state === 'acknowledged' ? element('span', { className: 'ack-done', textContent: t('warning.acknowledged') }) : ack);
      li.dataset.warningId = String(w.id);
      li.dataset.state = grid.state;
      return li;
    }));
    list.dataset.testid = 'received-warnings';
    if (state === 'ready' && !received.length) list.append(element('li', { className: 'hint', textContent: t('warning.noneReceived') }));
    el.replaceChildren(element('h3', { textContent: t('warning.received') }), messageBox(message, 'received-message'),
      ...(state === 'loading' ? [element('p', { className: 'hint', textContent: t('panel.loading') })] : []), list);
  }

  async function load() {
    if (!session) return;
    request?.abort();
    const req = new AbortController();
    request = req;
    state = 'loading';
    render();
    try {
      const rows = (await listWarnings(req.signal)).rows.slice(0, SCANNED);
      const full = await Promise.all(rows.map((r) => getWarning(r.id, { signal: req.signal })));
      if (request !== req) return;
      const own = session.jurisdiction;
      received = full.flatMap((w) => w.properties.grids.filter((g) => g.code.startsWith(own)).slice(0, 1).map((grid) => ({ warning: w, grid })));
      state = 'ready';
    } catch (err) {
      if (req.signal.aborted) return;
      state = 'error';
      message = failed(t('warning.loadFailed'), err);
    }
    render();
  }

  async function acknowledgeOne(id: number) {
    busy = id;
    message = null;
    render();
    try {
      await acknowledge(id);
      message = { kind: 'success', text: t('warning.acknowledgedDone') };
      busy = null;
      await load();
    } catch (err) {
      busy = null;
      message = failed(t('warning.ackFailed'), err);
      render();
    }
  }

  return {
    show(next: Session) {
      session = next;
      message = null;
      void load();
    },
    hide() {
      request?.abort();
    },
    render,
  };
}
