import { fetchJson } from '../http/fetch-json.ts';
import { onLangChange, t } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';

/** How often a signed-in grid worker's unanswered warnings are looked up: a warning gives them minutes, not hours. */
const POLL_MS = 60_000;

interface MineRow {
  id: number;
  acknowledged_by_me: boolean | null;
}

/**
 * A red strip under the top bar while warnings sent to the signed-in grid worker wait for their acknowledgement
 * (叫应), with a button that opens them, so nobody has to go looking. `#warning-banner` with data-count.
 */
export function createWarningBanner(el: HTMLElement, options: { onOpen: () => void }) {
  let session: Session | null = null;
  let waiting = 0;
  let timer: ReturnType<typeof setInterval> | null = null;

  function render() {
    el.hidden = waiting === 0;
    el.dataset.count = String(waiting);
    const text = document.createElement('span');
    text.textContent = t('warningBanner.text', { n: waiting });
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = t('warningBanner.open');
    open.addEventListener('click', () => options.onOpen());
    el.replaceChildren(text, open);
  }

  async function refresh() {
    if (session?.role !== 'worker') return;
    try {
      const { rows } = await fetchJson<{ rows: MineRow[] }>('/api/warnings?mine=true');
      waiting = rows.filter((r) => r.acknowledged_by_me === false).length;
    } catch (err) {
      console.warn('warnings sent to me:', err); // the banner stays as it was; the next poll tries again
    }
    render();
  }

  onLangChange(render);
  render();

  return {
    setSession(next: Session | null) {
      session = next;
      if (timer) clearInterval(timer);
      timer = null;
      waiting = 0;
      render();
      if (next?.role === 'worker') {
        void refresh();
        timer = setInterval(() => void refresh(), POLL_MS);
      }
    },
    /** Looks again now, e.g. after the worker acknowledged in the panel. */
    refresh,
  };
}
