// The leaders' monthly inspections (明查暗访) beside the map: every duty in the jurisdiction for a month, who is
// behind, and recording a visit to one's own duty. Loaded as its own chunk by inspections-mode.ts.
import { element } from '../dashboard/element.ts';
import { ApiError } from '../http/fetch-json.ts';
import { formatDateTime, formatNumber, onLangChange, t, tValue } from '../i18n/i18n.ts';
import { localInput } from '../risk-points/risk-point-fields.ts';
import type { Session } from '../session/session-api.ts';
import { fetchInspections, recordVisit, type InspectionDuty, type InspectionMonth } from './inspection-api.ts';
import { defaultVisitTime, isMonth, thisMonth } from './month.ts';

interface Options {
  onClose: () => void;
}

interface Recording {
  dutyId: number;
  at: string;
  covert: boolean;
  note: string;
  busy: boolean;
}

interface Message {
  kind: 'error' | 'success';
  text: () => string;
  detail?: string;
}

/**
 * A duty is one's own when the leader's jurisdiction is the signed-in user's: one grid leader per township (and the
 * chief for the county), as the seed and the register have it. The server checks again (404 for another's duty).
 */
const own = (session: Session | null, d: InspectionDuty) => session !== null && ['leader', 'chief'].includes(session.role)
  && d.jurisdiction === session.jurisdiction;

/**
 * Hooks: `el` carries data-state (loading, ready, error), data-month, data-duties and data-behind; the month is
 * `input[name=month]`; duties are `[data-testid="inspection-duties"] tbody tr[data-duty-id]` with data-behind,
 * data-target-kind, data-target-code, data-visits, and for one's own `button[data-action="record"]`; the visit form is
 * `form[data-form="inspection-record"]` (`input[name=at]`, `input[name=covert]`, `textarea[name=note]`); the outcome
 * `[data-testid="inspections-message"][data-kind]`.
 */
export function createInspectionsPanel(el: HTMLElement, options: Options) {
  let session: Session | null = null;
  let month = thisMonth();
  let data: InspectionMonth | null = null;
  let state: 'loading' | 'ready' | 'error' = 'loading';
  let failure: string | null = null;
  let recording: Recording | null = null;
  let message: Message | null = null;
  let request: AbortController | null = null;

  const title = element('h2');
  const close = element('button', { type: 'button', className: 'dash-close' });
  close.addEventListener('click', () => options.onClose());
  const monthInput = element('input', { type: 'month', name: 'month', required: true });
  const monthLabel = element('label', {}, element('span'), monthInput);
  const summary = element('p', { className: 'dash-status' });
  summary.dataset.testid = 'inspections-summary';
  const status = element('p', { className: 'dash-status' });
  status.setAttribute('role', 'status');
  const messageBox = element('div');
  const table = element('table', { className: 'dash-table inspections-table' });
  table.dataset.testid = 'inspection-duties';
  el.replaceChildren(
    element('header', { className: 'dash-header' }, title, close),
    element('form', { className: 'dash-period' }, monthLabel, summary),
    status, messageBox,
    element('div', { className: 'dash-scroll side-scroll' }, table),
  );
  monthInput.addEventListener('change', () => {
    if (!isMonth(monthInput.value)) return;
    month = monthInput.value;
    recording = null;
    message = null;
    void load();
  });
  monthInput.form?.addEventListener('submit', (e) => e.preventDefault());

  function renderFrame() {
    el.dataset.state = state;
    el.dataset.month = month;
    el.dataset.duties = data ? String(data.duties) : '';
    el.dataset.behind = data ? String(data.behind) : '';
    title.textContent = t('inspections.title');
    close.textContent = '×';
    close.title = t('panel.close');
    close.setAttribute('aria-label', t('panel.close'));
    (monthLabel.firstChild as HTMLElement).textContent = t('inspections.month');
    monthInput.value = month;
    summary.textContent = data ? t('inspections.summary', { duties: formatNumber(data.duties), behind: formatNumber(data.behind) }) : '';
    status.textContent = state === 'loading' ? t('panel.loading') : state === 'error' ? t('inspections.failed', { message: failure ?? '' }) : '';
    status.hidden = !status.textContent;
    status.classList.toggle('error', state === 'error');
    messageBox.replaceChildren();
    if (message) {
      const m = element('p', { className: 'hazard-message' }, message.text());
      m.dataset.testid = 'inspections-message';
      m.dataset.kind = message.kind;
      m.setAttribute('role', message.kind === 'error' ? 'alert' : 'status');
      if (message.detail) m.append(element('small', { textContent: message.detail }));
      messageBox.append(m);
    }
  }

  function recordForm(d: InspectionDuty, r: Recording): HTMLTableRowElement {
    const at = element('input', { type: 'datetime-local', name: 'at', value: r.at, required: true, disabled: r.busy });
    at.addEventListener('input', () => { r.at = at.value; });
    const covert = element('input', { type: 'checkbox', name: 'covert', checked: r.covert, disabled: r.busy });
    covert.addEventListener('change', () => { r.covert = covert.checked; });
    const note = element('textarea', { name: 'note', rows: 2, maxLength: 2000, value: r.note, disabled: r.busy });
    note.placeholder = t('inspections.notePlaceholder');
    note.addEventListener('input', () => { r.note = note.value; });
    const cancel = element('button', { type: 'button', textContent: t('riskPoint.cancel'), disabled: r.busy });
    cancel.dataset.action = 'cancel';
    cancel.addEventListener('click', () => {
      recording = null;
      renderRows();
    });
    const submit = element('button', { type: 'submit', className: 'primary', disabled: r.busy,
      textContent: r.busy ? t('riskPoint.busy') : t('inspections.save') });
    const form = element('form', { className: 'hazard-form inspection-form' },
      element('strong', { textContent: t('inspections.recordTitle', { target: d.target_name }) }),
      element('label', {}, t('inspections.at'), at),
      element('label', { className: 'check' }, covert, t('inspections.covert')),
      element('label', {}, t('inspections.note'), note),
      element('div', { className: 'hazard-buttons' }, cancel, submit));
    form.dataset.form = 'inspection-record';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void record(d, r);
    });
    const tr = element('tr', { className: 'inspection-form-row' }, element('td', { colSpan: 7 }, form));
    tr.dataset.formFor = String(d.duty_id);
    return tr;
  }

  function renderRows() {
    const head = element('tr', {}, ...(['leader', 'target', 'visits', 'covert', 'last', 'state', 'action'] as const)
      .map((k) => element('th', { className: k === 'visits' || k === 'covert' ? 'num' : '', textContent: t(`inspections.col.${k}`) })));
    const rows = (data?.rows ?? []).flatMap((d) => {
      const mine = own(session, d);
      const target = element('td', {}, d.target_name, ' ',
        element('span', { className: 'dash-severity', textContent: tValue('inspections.kind', d.target_kind) }));
      const stateCell = element('td', { className: 'nowrap', textContent: d.behind ? t('inspections.behind') : t('inspections.onTrack') });
      stateCell.classList.toggle('alarm', d.behind);
      const action = element('td', { className: 'nowrap' });
      if (mine) {
        const b = element('button', { type: 'button', className: 'inspection-record', textContent: t('inspections.record'),
          disabled: recording?.busy ?? false });
        b.dataset.action = 'record';
        b.addEventListener('click', () => {
          recording = { dutyId: d.duty_id, at: localInput(defaultVisitTime(month).toISOString()), covert: false, note: '', busy: false };
          message = null;
          renderFrame();
          renderRows();
        });
        action.append(b);
      }
      const tr = element('tr', {},
        element('td', { className: 'nowrap', textContent: d.person, title: d.phone ?? '' }),
        target,
        element('td', { className: 'num', textContent: formatNumber(d.visits) }),
        element('td', { className: 'num', textContent: formatNumber(d.covert_visits) }),
        element('td', { className: 'nowrap', textContent: d.last_visit ? formatDateTime(d.last_visit) : t('inspections.never') }),
        stateCell, action);
      tr.dataset.dutyId = String(d.duty_id);
      tr.dataset.behind = String(d.behind);
      tr.dataset.targetKind = d.target_kind;
      tr.dataset.targetCode = d.target_code;
      tr.dataset.visits = String(d.visits);
      tr.dataset.own = String(mine);
      tr.classList.toggle('behind', d.behind);
      return recording?.dutyId === d.duty_id ? [tr, recordForm(d, recording)] : [tr];
    });
    const none = element('tr', {}, element('td', { colSpan: 7, className: 'unassigned', textContent: t('inspections.none') }));
    table.replaceChildren(element('thead', {}, head), element('tbody', {}, ...(rows.length || !data ? rows : [none])));
  }

  function render() {
    renderFrame();
    renderRows();
  }

  async function record(d: InspectionDuty, r: Recording) {
    const at = new Date(r.at);
    if (r.busy || Number.isNaN(at.getTime())) return;
    r.busy = true;
    message = null;
    render();
    try {
      await recordVisit({ target_kind: d.target_kind, target_code: d.target_code, at: at.toISOString(), covert: r.covert,
        note: r.note.trim() || undefined });
      if (recording !== r) return;
      recording = null;
      message = { kind: 'success', text: () => t('inspections.recorded', { target: d.target_name }) };
      await load();
    } catch (err) {
      if (recording !== r) return;
      r.busy = false;
      message = { kind: 'error', text: () => t('inspections.recordFailed'), detail: err instanceof ApiError || err instanceof Error ? err.message : String(err) };
      render();
    }
  }

  async function load() {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    state = 'loading';
    renderFrame();
    try {
      const answer = await fetchInspections(month, mine.signal);
      if (request !== mine) return;
      data = answer;
      state = 'ready';
    } catch (err) {
      if (mine.signal.aborted) return;
      console.warn('inspections:', err);
      state = 'error';
      failure = err instanceof Error ? err.message : String(err);
    }
    render();
  }

  onLangChange(render);

  return {
    /** Shows the signed-in user's duties, loading them afresh (a visit may have been recorded elsewhere). */
    show(next: Session) {
      session = next;
      void load();
    },
    hide() {
      request?.abort();
      recording = null;
    },
    get data(): InspectionMonth | null {
      return data;
    },
  };
}

export type InspectionsPanel = ReturnType<typeof createInspectionsPanel>;
