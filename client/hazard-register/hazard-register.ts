// The hazard register (隐患台账): every hazard of the jurisdiction as a filterable list that opens one on the map, and
// the notification of departments late to a whistle (部门通报) with how each department answers them.
import { element } from '../dashboard/element.ts';
import { onLangChange, t } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import { createHazardList } from './hazard-list.ts';
import { createLateDepartments } from './late-departments.ts';

type Tab = 'hazards' | 'departments';
const TABS: Tab[] = ['hazards', 'departments'];

interface Options {
  /** A hazard was picked: open it in the panel and go there on the map. `at` when the register knows where. */
  onOpenHazard: (id: number, at?: [number, number]) => void;
  /** The register opened: whatever shares its side of the screen (the dashboard) makes way. */
  onOpen?: () => void;
}

/** A department account's department code (the session says it); '' for everyone else. */
const departmentOf = (session: Session): string => (session.role === 'department' ? session.department_code ?? '' : '');

/**
 * The top-bar button (`#hazard-register-button`, signed-in users) and the register beside the map it opens
 * (`#hazard-register` with data-tab; tabs are `button[data-tab="hazards" | "departments"]`). While open,
 * `body[data-hazard-register="open"]` moves the map over to make room.
 */
export function createHazardRegister(el: HTMLElement, button: HTMLButtonElement, options: Options) {
  let session: Session | null = null;
  let open = false;
  let tab: Tab = 'hazards';
  /** Which session the list was set up for, so reopening keeps the filters and a new user starts afresh. */
  let preparedFor: string | null = null;

  const title = element('h2');
  const close = element('button', { type: 'button', className: 'dash-close', textContent: '×' });
  close.addEventListener('click', () => setOpen(false));
  const tabs = element('nav', { className: 'register-tabs' });
  tabs.setAttribute('role', 'tablist');
  const listBox = element('div', { className: 'register-tab' });
  const lateBox = element('div', { className: 'register-tab' });
  el.replaceChildren(element('header', { className: 'dash-header' }, title, close), tabs, listBox, lateBox);

  const list = createHazardList(listBox, { onPick: (id, at) => options.onOpenHazard(id, at) });
  const late = createLateDepartments(lateBox, { onOpenHazard: (id) => options.onOpenHazard(id) });

  function render() {
    button.hidden = session === null;
    button.textContent = t('register.button');
    button.title = t('register.buttonTitle');
    button.setAttribute('aria-pressed', String(open));
    el.hidden = !open;
    el.dataset.tab = tab;
    document.body.dataset.hazardRegister = open ? 'open' : 'closed';
    title.textContent = t('register.title');
    close.title = t('panel.close');
    close.setAttribute('aria-label', t('panel.close'));
    tabs.replaceChildren(...TABS.map((name) => {
      const b = element('button', { type: 'button', textContent: t(`register.tab.${name}`) });
      b.dataset.tab = name;
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(name === tab));
      b.addEventListener('click', () => showTab(name));
      return b;
    }));
    listBox.hidden = tab !== 'hazards';
    lateBox.hidden = tab !== 'departments';
  }

  /** Every opening shows the data as it is now: a whistle or a step elsewhere may have changed it. */
  async function refresh() {
    const key = session && `${session.username}|${session.jurisdiction}`;
    if (!session || !key) return;
    if (preparedFor !== key) {
      late.clear();
      preparedFor = key;
      list.reset(departmentOf(session));
    } else if (tab === 'hazards') void list.load();
    if (tab === 'departments') void late.load();
  }

  function showTab(next: Tab) {
    tab = next;
    render();
    if (tab === 'departments') void late.load();
    else void list.load();
  }

  function setOpen(next: boolean) {
    if (next && !session) return;
    open = next;
    render();
    if (open) {
      options.onOpen?.();
      void refresh();
    } else {
      list.stop();
      late.stop();
    }
  }

  button.addEventListener('click', () => setOpen(!open));
  onLangChange(() => {
    render();
    list.render();
    late.render();
  });
  render();

  return {
    setSession(next: Session | null) {
      session = next;
      if (!session) {
        preparedFor = null;
        setOpen(false);
      } else if (open) void refresh();
      render();
    },
    open: () => setOpen(true),
    close: () => setOpen(false),
    get isOpen() {
      return open;
    },
  };
}
