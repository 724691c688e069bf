import { element } from '../dashboard/element.ts';
import { categoriesByIndustry } from '../hazards/hazard-categories.ts';
import { hazardCategoryLabel } from '../hazards/hazard-category-label.ts';
import { currentLang, formatDateTime, formatNumber, t, tValue } from '../i18n/i18n.ts';
import {
  ALL_STATUSES, DEFAULT_FILTER, fetchRegister, type RegisterFilter, type RegisterHazard,
} from './hazard-register-api.ts';

/** Rows a page shows: a township has hundreds of open hazards, the county thousands of closed ones. */
export const PAGE_SIZE = 50;
/** The server lists at most this many (server/hazards/hazards.ts HAZARD_LIST_LIMIT); the register says when it hit it. */
const SERVER_CAP = 5000;

interface Options {
  /** A row was clicked: open that hazard on the map. */
  onPick: (id: number, at: [number, number]) => void;
}

const option = (value: string, text: string, selected: boolean) => element('option', { value, textContent: text, selected });

/**
 * The register's list of hazards: filters (status, severity, category, overdue, reported from/to, and for a department
 * the hazards it was summoned to), overdue first then newest, fifty a page. Hooks: the element's data-state and
 * data-count; `form[data-testid="register-filter"]` with fields named status, severity, category, overdue, from, to,
 * department; rows `[data-testid="register-rows"] tr[data-hazard-id][data-status][data-severity][data-overdue]`;
 * `[data-testid="register-pager"] button[data-page="prev" | "next"]`.
 */
export function createHazardList(el: HTMLElement, options: Options) {
  let filter: RegisterFilter = { ...DEFAULT_FILTER };
  /** The signed-in department's code, which the "summoned to my department" filter uses; '' for everyone else. */
  let department = '';
  let rows: RegisterHazard[] = [];
  let page = 0;
  let state: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  let failure = '';
  let request: AbortController | null = null;

  const form = element('form', { className: 'register-filter' });
  form.dataset.testid = 'register-filter';
  const status = element('p', { className: 'register-status' });
  status.setAttribute('role', 'status');
  const table = element('table', { className: 'dash-table register-table' });
  table.dataset.testid = 'register-rows';
  const pager = element('nav', { className: 'register-pager' });
  pager.dataset.testid = 'register-pager';
  el.replaceChildren(form, status, element('div', { className: 'dash-scroll register-scroll' }, table), pager);

  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('change', () => {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '');
    filter = {
      status: value('status') as RegisterFilter['status'],
      severity: value('severity') as RegisterFilter['severity'],
      category: value('category'),
      overdue: data.has('overdue'),
      from: value('from'),
      to: value('to'),
      department: data.has('department') ? department : '',
    };
    void load();
  });

  function labelled(text: string, control: HTMLElement, className = ''): HTMLLabelElement {
    return element('label', { className }, element('span', { textContent: text }), control);
  }

  function checkbox(name: string, text: string, checked: boolean): HTMLLabelElement {
    return element('label', { className: 'check' }, element('input', { type: 'checkbox', name, checked }), ` ${text}`);
  }

  function renderForm() {
    const statusSelect = element('select', { name: 'status' },
      option('open', t('register.status.open'), filter.status === 'open'),
      option('all', t('register.status.all'), filter.status === 'all'),
      ...ALL_STATUSES.map((s) => option(s, tValue('status', s), filter.status === s)));
    const severity = element('select', { name: 'severity' }, option('', t('register.any'), !filter.severity),
      ...(['minor', 'general', 'major'] as const).map((s) => option(s, tValue('severity', s), filter.severity === s)));
    const category = element('select', { name: 'category' }, option('', t('register.any'), !filter.category));
    for (const [industry, list] of categoriesByIndustry()) {
      category.append(element('optgroup', { label: tValue('industry', industry) },
        ...list.map((c) => option(c.code, hazardCategoryLabel(c.code, currentLang()), filter.category === c.code))));
    }
    form.replaceChildren(
      labelled(t('field.status'), statusSelect),
      labelled(t('field.severity'), severity),
      labelled(t('field.category'), category, 'wide'),
      labelled(t('register.from'), element('input', { type: 'date', name: 'from', value: filter.from })),
      labelled(t('register.to'), element('input', { type: 'date', name: 'to', value: filter.to })),
      checkbox('overdue', t('register.overdueOnly'), filter.overdue),
      ...(department ? [checkbox('department', t('register.mine'), filter.department === department)] : []),
    );
  }

  function renderStatus() {
    el.dataset.state = state;
    el.dataset.count = String(rows.length);
    status.classList.toggle('error', state === 'error');
    status.dataset.testid = 'register-count';
    status.textContent = state === 'loading' ? t('panel.loading')
      : state === 'error' ? t('register.failed', { message: failure })
        : rows.length >= SERVER_CAP ? t('register.capped', { n: formatNumber(rows.length) })
          : t('register.count', { n: formatNumber(rows.length) });
  }

  function renderRows() {
    const head = element('tr', {}, ...(['id', 'category', 'severity', 'status', 'grid', 'reported_at'] as const)
      .map((k) => element('th', { textContent: t(`register.column.${k}`) })));
    const shown = rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((h) => {
      const status = element('td', { className: 'nowrap', textContent: tValue('status', h.status) });
      if (h.overdue) {
        const badge = element('span', { className: 'badge', textContent: t('hazard.overdue') });
        if (h.deadline) badge.title = t('register.deadline', { at: formatDateTime(h.deadline) });
        status.append(' ', badge);
      }
      const grid = element('td', { className: 'nowrap', textContent: h.grid_name ?? h.grid_code, title: h.grid_code });
      const tr = element('tr', {},
        element('td', { className: 'num', textContent: String(h.id) }),
        element('td', { textContent: hazardCategoryLabel(h.category, currentLang()) }),
        element('td', {}, element('span', { className: `dash-severity severity-${h.severity}`, textContent: tValue('severity', h.severity) })),
        status,
        grid,
        element('td', { className: 'nowrap', textContent: formatDateTime(h.reported_at) }));
      tr.dataset.hazardId = String(h.id);
      tr.dataset.status = h.status;
      tr.dataset.severity = h.severity;
      tr.dataset.overdue = String(h.overdue);
      tr.classList.toggle('overdue', h.overdue);
      tr.addEventListener('click', () => options.onPick(h.id, h.at));
      return tr;
    });
    const empty = state === 'ready' && !rows.length
      ? [element('tr', {}, element('td', { colSpan: 6, className: 'unassigned', textContent: t('register.none') }))] : [];
    table.replaceChildren(element('thead', {}, head), element('tbody', {}, ...shown, ...empty));

    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const step = (to: 'prev' | 'next', text: string, disabled: boolean) => {
      const b = element('button', { type: 'button', textContent: text, disabled });
      b.dataset.page = to;
      b.addEventListener('click', () => {
        page += to === 'prev' ? -1 : 1;
        renderRows();
      });
      return b;
    };
    pager.hidden = pages < 2;
    pager.replaceChildren(step('prev', t('register.prev'), page === 0),
      element('span', { textContent: t('register.page', { page: page + 1, pages }) }),
      step('next', t('register.next'), page >= pages - 1));
  }

  function render() {
    renderForm();
    renderStatus();
    renderRows();
  }

  async function load() {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    state = 'loading';
    renderStatus();
    try {
      const next = await fetchRegister(filter, mine.signal);
      if (request !== mine) return;
      rows = next;
      page = 0;
      state = 'ready';
    } catch (err) {
      if (mine.signal.aborted) return;
      console.warn('hazard register:', err);
      failure = err instanceof Error ? err.message : String(err);
      state = 'error';
    }
    renderStatus();
    renderRows();
  }

  return {
    /** Who is looking: a department starts with the hazards it was summoned to. Loads afresh. */
    reset(departmentCode: string) {
      department = departmentCode;
      filter = { ...DEFAULT_FILTER, department: departmentCode };
      rows = [];
      page = 0;
      render();
      void load();
    },
    load,
    /** Stops any request under way (the register closed). */
    stop() {
      request?.abort();
    },
    render,
    get rows(): readonly RegisterHazard[] {
      return rows;
    },
  };
}
