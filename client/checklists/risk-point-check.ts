// A check on the spot (安全标准清单) in the risk point panel: the point's standard checklist, one pass/fail per
// item with a note, failed items opening hazards in the same step; and the point's recent checks.
import { element } from '../dashboard/element.ts';
import { ApiError } from '../http/fetch-json.ts';
import { currentLang, formatDateTime, formatNumber, onLangChange, t } from '../i18n/i18n.ts';
import {
  fetchChecklist, fetchChecks, submitCheck, type ChecklistItem, type RiskPointCheck, type RiskPointChecklist,
} from './checklist-api.ts';

interface Options {
  /** Told after a check that opened hazards (and made the point inspected), so the map's tiles catch up. */
  onChecked: (check: RiskPointCheck) => void;
  /** Opens a hazard in the panel, as the hazard register does. */
  openHazard: (id: number) => void;
}

interface Answer {
  ok: boolean;
  note: string;
}

type State = 'idle' | 'loading' | 'form' | 'busy' | 'done' | 'error';
const RECENT = 5;

const words = (x: { zh: string; en: string }) => (currentLang() === 'en' ? x.en : x.zh);

/**
 * Hooks: the section `[data-testid="risk-point-check"]` with data-state (idle, loading, form, busy, done, error) and
 * data-risk-point-id; `button[data-action="check"]` opens `form[data-form="risk-point-check"]`, whose items are
 * `[data-item="<code>"]` with `input[type=radio][value="pass" | "fail"]` and `input[name="note-<code>"]`, and
 * `input[name="open_hazards"]`; the result `[data-testid="check-result"][data-failed][data-hazards]` with
 * `button[data-hazard-id]`; recent checks `[data-testid="check-history"] li[data-check-id][data-failed]`.
 */
export function createRiskPointCheck(options: Options) {
  const el = element('section', { className: 'hazard-actions risk-point-check' });
  el.dataset.testid = 'risk-point-check';
  let pointId: number | null = null;
  let state: State = 'idle';
  let checklist: RiskPointChecklist | null = null;
  let answers = new Map<string, Answer>();
  let openHazards = true;
  let result: RiskPointCheck | null = null;
  let failure: Error | null = null;
  let history: RiskPointCheck[] = [];
  let request: AbortController | null = null;

  async function loadHistory(id: number) {
    try {
      const rows = await fetchChecks(id, request?.signal);
      if (pointId !== id) return;
      history = rows;
      render();
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) console.warn('checks:', err);
    }
  }

  async function start(id: number) {
    state = 'loading';
    failure = null;
    result = null;
    render();
    try {
      const list = await fetchChecklist(id, request?.signal);
      if (pointId !== id) return;
      checklist = list;
      answers = new Map(list.items.map((i) => [i.code, { ok: true, note: '' }]));
      openHazards = true;
      state = 'form';
    } catch (err) {
      if (pointId !== id) return;
      failure = err instanceof Error ? err : new Error(String(err));
      state = 'error';
    }
    render();
  }

  async function send(id: number) {
    if (!checklist) return;
    state = 'busy';
    render();
    try {
      const check = await submitCheck(id, checklist.items.map((i) => {
        const a = answers.get(i.code)!;
        return { item: i.code, ok: a.ok, ...(a.note.trim() ? { note: a.note.trim() } : {}) };
      }), openHazards);
      if (pointId !== id) return;
      result = check;
      state = 'done';
      history = [check, ...history.filter((c) => c.id !== check.id)];
      options.onChecked(check);
    } catch (err) {
      if (pointId !== id) return;
      failure = err instanceof Error ? err : new Error(String(err));
      state = 'form'; // the answers stay for another try
    }
    render();
  }

  function itemRow(item: ChecklistItem, disabled: boolean): HTMLElement {
    const a = answers.get(item.code)!;
    const radio = (value: 'pass' | 'fail') => {
      const r = element('input', { type: 'radio', name: `item-${item.code}`, value, checked: (value === 'pass') === a.ok, disabled });
      r.addEventListener('change', () => {
        a.ok = value === 'pass';
        render();
      });
      return element('label', { className: `check-toggle check-${value}` }, r, t(`checklist.${value}`));
    };
    const note = element('input', { type: 'text', name: `note-${item.code}`, value: a.note, maxLength: 1000, disabled,
      placeholder: a.ok ? t('checklist.noteHint') : t('checklist.noteFailHint') });
    note.addEventListener('input', () => {
      a.note = note.value;
    });
    const row = element('fieldset', { className: 'check-item' },
      element('legend', { textContent: words(item) }), element('div', { className: 'check-toggles' }, radio('pass'), radio('fail')), note);
    row.dataset.item = item.code;
    row.dataset.ok = String(a.ok);
    return row;
  }

  function form(id: number): HTMLFormElement {
    const busy = state === 'busy';
    const f = element('form', { className: 'hazard-form checklist-form' });
    f.dataset.form = 'risk-point-check';
    const failed = [...answers.values()].filter((a) => !a.ok).length;
    const box = element('input', { type: 'checkbox', name: 'open_hazards', checked: openHazards, disabled: busy });
    box.addEventListener('change', () => {
      openHazards = box.checked;
    });
    const cancel = element('button', { type: 'button', textContent: t('riskPoint.cancel'), disabled: busy });
    cancel.dataset.action = 'cancel-check';
    cancel.addEventListener('click', () => {
      state = 'idle';
      failure = null;
      render();
    });
    const submit = element('button', { type: 'submit', className: 'primary', disabled: busy,
      textContent: busy ? t('riskPoint.busy') : t('checklist.submit', { n: formatNumber(failed) }) });
    f.append(
      element('p', { className: 'hint', textContent: t('checklist.intro', { n: formatNumber(checklist?.items.length ?? 0) }) }),
      ...(checklist?.items ?? []).map((i) => itemRow(i, busy)),
      element('label', { className: 'check' }, box, t('checklist.openHazards')),
      element('div', { className: 'hazard-buttons' }, cancel, submit));
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      void send(id);
    });
    return f;
  }

  function hazardLinks(ids: number[]): HTMLElement[] {
    return ids.map((h) => {
      const b = element('button', { type: 'button', className: 'link', textContent: t('checklist.hazard', { id: h }) });
      b.dataset.hazardId = String(h);
      b.addEventListener('click', () => options.openHazard(h));
      return b;
    });
  }

  function resultBox(check: RiskPointCheck): HTMLElement {
    const box = element('div', { className: 'hazard-message' });
    box.dataset.testid = 'check-result';
    box.dataset.kind = 'success';
    box.dataset.failed = String(check.failed);
    box.dataset.hazards = check.hazard_ids.join(' ');
    box.setAttribute('role', 'status');
    box.append(element('p', { textContent: check.failed
      ? t('checklist.doneFailed', { n: formatNumber(check.failed), h: formatNumber(check.hazard_ids.length) })
      : t('checklist.doneAllPassed') }));
    if (check.hazard_ids.length) box.append(element('p', {}, ...hazardLinks(check.hazard_ids)));
    return box;
  }

  function historyList(): HTMLElement {
    const list = element('ul', { className: 'coverage-list' });
    list.dataset.testid = 'check-history';
    for (const c of history.slice(0, RECENT)) {
      const li = element('li', {}, `${formatDateTime(c.checked_at)} · ${c.checked_by} · `,
        c.failed ? t('checklist.failedCount', { n: formatNumber(c.failed) }) : t('checklist.allPassed'), ' ', ...hazardLinks(c.hazard_ids));
      li.dataset.checkId = String(c.id);
      li.dataset.failed = String(c.failed);
      list.append(li);
    }
    if (!history.length) list.append(element('li', { className: 'hint', textContent: t('checklist.noChecks') }));
    return list;
  }

  function render() {
    el.dataset.state = state;
    el.dataset.riskPointId = pointId === null ? '' : String(pointId);
    const id = pointId;
    const children: HTMLElement[] = [element('h3', { textContent: t('checklist.title') })];
    if (id !== null) {
      if (state === 'done' && result) children.push(resultBox(result));
      if (failure) {
        const p = element('p', { className: 'hazard-message' }, t('checklist.failed'), element('small', { textContent: failure.message }));
        p.dataset.kind = 'error';
        if (failure instanceof ApiError) p.dataset.status = String(failure.status);
        p.setAttribute('role', 'alert');
        children.push(p);
      }
      if (state === 'form' || state === 'busy') children.push(form(id));
      else if (state === 'loading') children.push(element('p', { className: 'hint', textContent: t('panel.loading') }));
      else {
        const b = element('button', { type: 'button', className: 'primary', textContent: t('checklist.check') });
        b.dataset.action = 'check';
        b.addEventListener('click', () => void start(id));
        children.push(element('div', { className: 'hazard-buttons' }, b));
      }
      children.push(element('h4', { textContent: t('checklist.recent') }), historyList());
    }
    el.replaceChildren(...children);
  }

  onLangChange(render);

  return {
    /** The section for a risk point; a different point starts afresh, the same one keeps its form and result. */
    section(id: number): HTMLElement {
      if (id !== pointId) {
        request?.abort();
        request = new AbortController();
        pointId = id;
        state = 'idle';
        checklist = null;
        result = null;
        failure = null;
        history = [];
        render();
        void loadHistory(id);
      }
      return el;
    },
    close() {
      request?.abort();
      pointId = null;
    },
  };
}
