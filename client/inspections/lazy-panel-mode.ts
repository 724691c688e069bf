import { onLangChange, t, type MessageKey } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';

/** What a panel loaded on first use must offer its mode. */
export interface LazyPanel {
  show(session: Session): void;
  hide(): void;
}

interface ModeOptions<P extends LazyPanel> {
  /** Who gets the button. */
  allowed: (session: Session) => boolean;
  /** The panel's chunk, imported on the first opening. */
  load: (el: HTMLElement, close: () => void) => Promise<P>;
  words: { button: MessageKey; title: MessageKey; loadFailed: MessageKey };
  /** Told on opening, so panels that share the side of the map make way. */
  onOpen?: () => void;
  /** `body[data-<name>="open" | "closed"]`, which moves the map over to make room while the panel is open. */
  bodyFlag: string;
}

/**
 * A top-bar button that opens a side panel whose code is a chunk of its own, loaded on the first opening (as the
 * dashboard does), so the map's first load does not carry it. The panel shows the signed-in user's view each time
 * it opens; signing out closes it.
 */
export function createLazyPanelMode<P extends LazyPanel>(el: HTMLElement, button: HTMLButtonElement, options: ModeOptions<P>) {
  let session: Session | null = null;
  let open = false;
  let panel: P | null = null;
  let loading: Promise<P> | null = null;

  const allowed = () => session !== null && options.allowed(session);

  function render() {
    button.hidden = !allowed();
    button.textContent = t(options.words.button);
    button.title = t(options.words.title);
    button.setAttribute('aria-pressed', String(open));
    el.hidden = !open;
    document.body.dataset[options.bodyFlag] = open ? 'open' : 'closed';
  }

  function load(): Promise<P> {
    loading ??= options.load(el, () => setOpen(false)).then(
      (p) => (panel = p),
      (err: unknown) => {
        loading = null; // the next click tries again
        throw err;
      },
    );
    return loading;
  }

  function setOpen(next: boolean) {
    if (next && !allowed()) return;
    if (next === open) return;
    open = next;
    render();
    if (!open) {
      panel?.hide();
      return;
    }
    options.onOpen?.();
    if (!panel) el.replaceChildren(Object.assign(document.createElement('p'), { className: 'hint', textContent: t('panel.loading') }));
    load().then(
      (p) => {
        if (open && session) p.show(session);
      },
      (err: unknown) => {
        console.warn('panel:', err);
        el.replaceChildren(Object.assign(document.createElement('p'), { className: 'error', textContent: t(options.words.loadFailed) }));
      },
    );
  }

  button.addEventListener('click', () => setOpen(!open));
  onLangChange(render);
  render();

  return {
    setSession(next: Session | null) {
      const changed = next?.username !== session?.username;
      session = next;
      if (open && !allowed()) setOpen(false);
      else if (open && session && changed) panel?.show(session);
      render();
    },
    open: () => setOpen(true),
    close: () => setOpen(false),
    get isOpen() {
      return open;
    },
    /** The panel once its chunk has loaded. */
    get panel(): P | null {
      return panel;
    },
  };
}
