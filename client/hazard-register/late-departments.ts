import { element } from '../dashboard/element.ts';
import { formatDateTime, formatNumber, t } from '../i18n/i18n.ts';
import {
  fetchDepartmentStats, fetchLateNotification, type DepartmentStats, type LateDepartment,
} from '../whistles/whistle-api.ts';
import { departmentName } from '../whistles/whistle-summons-view.ts';

interface Options {
  /** A hazard of the notification was clicked: open it on the map. */
  onOpenHazard: (id: number) => void;
}

const STATS = ['summoned', 'on_time', 'late', 'acted', 'hazards_closed'] as const;

/** How late a report for duty was, or has been so far: hours under a day, else days. */
function lateBy(r: LateDepartment, now: number): string {
  const hours = Math.max(0, ((r.acknowledged_at ? Date.parse(r.acknowledged_at) : now) - Date.parse(r.due_at)) / 3.6e6);
  return hours < 24 ? t('dashboard.overdue.hours', { n: Math.max(1, Math.floor(hours)) }) : t('dashboard.overdue.days', { n: Math.floor(hours / 24) });
}

/**
 * The register's second tab: the notification (通报) of departments that reported for duty late or never, those
 * escalated to the county marked, and per department how it has answered whistles. Hooks: the element's data-state;
 * `[data-testid="late-departments"] tbody tr[data-department][data-hazard-id][data-acknowledged][data-escalated]`
 * and `[data-testid="department-stats"] tbody tr[data-department]` with `td[data-stat]` (summoned, on_time, late,
 * acted, hazards_closed).
 */
export function createLateDepartments(el: HTMLElement, options: Options) {
  let data: { late: LateDepartment[]; stats: DepartmentStats[] } | null = null;
  let state: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  let failure = '';
  let request: AbortController | null = null;

  function lateTable(late: LateDepartment[], names: Map<string, DepartmentStats>): HTMLElement {
    if (!late.length) return element('p', { className: 'hint', textContent: t('register.late.none') });
    const now = Date.now();
    const head = element('tr', {}, ...(['department', 'hazard', 'due_at', 'acknowledged_at', 'late_by', 'escalated_at'] as const)
      .map((k) => element('th', { textContent: t(`register.late.${k}`) })));
    const rows = late.map((r) => {
      const hazard = element('button', { type: 'button', className: 'dash-link', textContent: `#${r.hazard_id}`, title: r.grid_code });
      hazard.addEventListener('click', () => options.onOpenHazard(r.hazard_id));
      const escalated = element('td', { className: 'nowrap' });
      if (r.escalated_at) escalated.append(element('span', { className: 'badge', textContent: t('register.late.escalated') }), ` ${formatDateTime(r.escalated_at)}`);
      else escalated.textContent = t('panel.empty');
      const tr = element('tr', {},
        element('td', { className: 'nowrap', textContent: departmentName(names.get(r.department_code) ?? r) }),
        element('td', {}, hazard),
        element('td', { className: 'nowrap', textContent: formatDateTime(r.due_at) }),
        element('td', { className: r.acknowledged_at ? 'nowrap' : 'nowrap alarm',
          textContent: r.acknowledged_at ? formatDateTime(r.acknowledged_at) : t('register.late.never') }),
        element('td', { className: 'nowrap alarm', textContent: lateBy(r, now) }),
        escalated);
      tr.dataset.department = r.department_code;
      tr.dataset.hazardId = String(r.hazard_id);
      tr.dataset.acknowledged = String(r.acknowledged_at !== null);
      tr.dataset.escalated = String(r.escalated_at !== null);
      return tr;
    });
    const table = element('table', { className: 'dash-table' }, element('thead', {}, head), element('tbody', {}, ...rows));
    table.dataset.testid = 'late-departments';
    return element('div', { className: 'dash-scroll' }, table);
  }

  function statsTable(stats: DepartmentStats[]): HTMLElement {
    const head = element('tr', {}, element('th', { textContent: t('register.late.department') }),
      ...STATS.map((k) => element('th', { className: 'num', textContent: t(`register.stats.${k}`) })));
    const rows = stats.map((r) => {
      const tr = element('tr', {}, element('td', { textContent: departmentName(r) }), ...STATS.map((k) => {
        const td = element('td', { className: `num${k === 'late' && r.late ? ' alarm' : ''}`, textContent: formatNumber(r[k]) });
        td.dataset.stat = k;
        return td;
      }));
      tr.dataset.department = r.code;
      return tr;
    });
    const table = element('table', { className: 'dash-table' }, element('thead', {}, head), element('tbody', {}, ...rows));
    table.dataset.testid = 'department-stats';
    return table;
  }

  function render() {
    el.dataset.state = state;
    const status = element('p', { className: `register-status${state === 'error' ? ' error' : ''}` });
    status.setAttribute('role', 'status');
    status.textContent = state === 'loading' ? t('panel.loading') : state === 'error' ? t('register.failed', { message: failure }) : '';
    status.hidden = !status.textContent;
    if (!data) {
      el.replaceChildren(status);
      return;
    }
    const names = new Map(data.stats.map((s) => [s.code, s]));
    el.replaceChildren(status,
      element('h3', { textContent: t('register.late.title', { n: formatNumber(data.late.length) }) }),
      lateTable(data.late, names),
      element('h3', { textContent: t('register.stats.title') }),
      statsTable(data.stats));
  }

  async function load() {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    state = 'loading';
    render();
    try {
      const [late, stats] = await Promise.all([fetchLateNotification(undefined, mine.signal), fetchDepartmentStats(undefined, mine.signal)]);
      if (request !== mine) return;
      data = { late: late.rows, stats: stats.rows };
      state = 'ready';
    } catch (err) {
      if (mine.signal.aborted) return;
      console.warn('late departments:', err);
      failure = err instanceof Error ? err.message : String(err);
      state = 'error';
    }
    render();
  }

  return {
    load,
    render,
    stop() {
      request?.abort();
    },
    /** Forgets the last user's figures (another one signed in). */
    clear() {
      data = null;
      state = 'idle';
      render();
    },
  };
}
