import type * as maplibregl from 'maplibre-gl';
import { onLangChange, t } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import type { Dashboard, DashboardOptions } from './dashboard.ts';

/** Leaders and the chief answer for the rectification of their jurisdiction; the others have no dashboard. */
const LEADERS: Session['role'][] = ['leader', 'chief'];

/**
 * The 驾驶舱 button and the panel beside the map it opens. The dashboard's code (ECharts with it) is a chunk of its
 * own, loaded on the first opening. While open, `body[data-dashboard="open"]` moves the map over to make room.
 * For tests: the button is `#dashboard-button`, the panel `#dashboard`; `window.gridwatch.dashboard.view` once
 * loaded; the performance measure `dashboard-open` spans the click to the figures drawn.
 */
export function createDashboardMode(el: HTMLElement, button: HTMLButtonElement, map: maplibregl.Map, options: DashboardOptions = {}) {
  let session: Session | null = null;
  let open = false;
  let view: Dashboard | null = null;
  let loading: Promise<Dashboard> | null = null;

  const allowed = () => session !== null && LEADERS.includes(session.role);

  function render() {
    button.hidden = !allowed();
    button.textContent = t('dashboard.button');
    button.title = t('dashboard.buttonTitle');
    button.setAttribute('aria-pressed', String(open));
    el.hidden = !open;
    document.body.dataset.dashboard = open ? 'open' : 'closed';
  }

  function load(): Promise<Dashboard> {
    loading ??= import('./dashboard.ts').then(
      ({ createDashboard }) => (view = createDashboard(el, map, {
        ...options,
        onClose: () => setOpen(false),
      })),
      (err: unknown) => {
        loading = null; // the next click tries again
        throw err;
      },
    );
    return loading;
  }

  function setOpen(next: boolean) {
    if (next && !allowed()) return;
    open = next;
    render();
    if (!open) {
      view?.hide();
      options.onClose?.();
      return;
    }
    performance.clearMarks('dashboard-click');
    performance.mark('dashboard-click');
    if (!view) el.replaceChildren(Object.assign(document.createElement('p'), { className: 'hint', textContent: t('panel.loading') }));
    load().then(
      (v) => {
        if (open && session) v.show(session);
        watchFirstReady();
      },
      (err: unknown) => {
        console.warn('dashboard:', err);
        el.replaceChildren(Object.assign(document.createElement('p'), { className: 'error', textContent: t('dashboard.loadFailed') }));
      },
    );
  }

  /** Records how long the opening took, click to figures, as the measure `dashboard-open`. */
  function watchFirstReady() {
    const done = () => {
      if (el.dataset.state !== 'ready' || !performance.getEntriesByName('dashboard-click').length) return false;
      performance.measure('dashboard-open', 'dashboard-click');
      performance.clearMarks('dashboard-click');
      return true;
    };
    if (done()) return;
    const watch = new MutationObserver(() => {
      if (done() || el.dataset.state === 'error') watch.disconnect();
    });
    watch.observe(el, { attributes: true, attributeFilter: ['data-state'] });
  }

  button.addEventListener('click', () => setOpen(!open));
  onLangChange(render);
  render();

  return {
    setSession(next: Session | null) {
      session = next;
      if (open && !allowed()) setOpen(false);
      else if (open && session) view?.show(session);
      render();
    },
    open: () => setOpen(true),
    close: () => setOpen(false),
    get isOpen() {
      return open;
    },
    /** The dashboard once its chunk has loaded. */
    get view(): Dashboard | null {
      return view;
    },
  };
}
