import { element } from '../dashboard/element.ts';
import type { HazardFeature } from '../hazards/hazard-api.ts';
import { fetchHazard } from '../hazards/hazard-api.ts';
import { hazardMessageElement, type HazardMessage } from '../hazards/hazard-message.ts';
import { ApiError } from '../http/fetch-json.ts';
import { t } from '../i18n/i18n.ts';
import { answerWhistle, blowWhistle, fetchDepartments, type Department, type WhistleAction } from './whistle-api.ts';
import { departmentName, whistleSummonsView } from './whistle-summons-view.ts';

/** The server's default time to report for duty, offered in the form. */
const DEFAULT_ACK_HOURS = 2;

interface Options {
  /** The section's state changed: draw the panel again. */
  render: () => void;
  /** The hazard as it stands now; `changed` when a step was taken (the map and figures catch up), not on a reload. */
  update: (hazard: HazardFeature, changed: boolean) => void;
}

/** What the section remembers of one hazard between redraws (the panel is rebuilt on every render). */
interface State {
  id: number;
  form: boolean;
  picked: Set<string>;
  reason: string;
  ackHours: string;
  note: string;
  busy: boolean;
  message: HazardMessage | null;
}

const fresh = (id: number): State =>
  ({ id, form: false, picked: new Set(), reason: '', ackHours: String(DEFAULT_ACK_HOURS), note: '', busy: false, message: null });

function errorMessage(err: unknown): HazardMessage {
  if (!(err instanceof ApiError)) {
    return { kind: 'error', text: () => t('whistle.error.generic'), detail: err instanceof Error ? err.message : String(err) };
  }
  const base = { kind: 'error' as const, detail: err.message, status: err.status };
  if (err.status === 409) return { ...base, text: () => t('whistle.error.conflict') };
  if (err.status === 403) return { ...base, text: () => t('whistle.error.forbidden') };
  if (err.status === 404) return { ...base, text: () => t('whistle.error.notSummoned') };
  if (err.status === 400) return { ...base, text: () => t('whistle.error.invalid') };
  return { ...base, text: () => t('whistle.error.generic') };
}

/**
 * The whistle in the hazard panel: the departments summoned and how each answered, and the steps the server says
 * this actor may take (properties.whistle_actions): a leader summons departments, a summoned department reports for
 * duty, then records what it did. A refusal is shown with the server's words; a 409 reloads the hazard.
 * Hooks: `section[data-testid="whistle"]`, `button[data-action="blow"]`, `form[data-form="whistle"]` (checkboxes
 * `input[name="department"]`, `textarea[name="reason"]`, `input[name="ack_hours"]`), `form[data-form="whistle-answer"]`
 * (`textarea[name="whistle_note"]`, `button[data-action="acknowledge" | "act"]`), `[data-testid="whistle-message"]`.
 */
export function createWhistleSection(options: Options) {
  let state: State | null = null;
  let departments: Department[] | null = null;
  let departmentsFailed = false;

  const stateOf = (id: number) => (state?.id === id ? state : (state = fresh(id)));

  function loadDepartments() {
    if (departments) return;
    departmentsFailed = false;
    fetchDepartments().then((rows) => {
      departments = rows;
      options.render();
    }, (err: unknown) => {
      console.warn('departments:', err);
      departmentsFailed = true;
      options.render();
    });
  }

  function field(label: string, control: HTMLInputElement | HTMLTextAreaElement): HTMLLabelElement {
    return element('label', {}, label, control);
  }

  function buttons(s: State, submitAction: string, submitText: string, onCancel?: () => void): HTMLElement {
    const box = element('div', { className: 'hazard-buttons' });
    if (onCancel) {
      const cancel = element('button', { type: 'button', textContent: t('hazard.cancel'), disabled: s.busy });
      cancel.dataset.action = 'cancel';
      cancel.addEventListener('click', onCancel);
      box.append(cancel);
    }
    const submit = element('button', { type: 'submit', className: 'primary', textContent: submitText, disabled: s.busy });
    submit.dataset.action = submitAction;
    box.append(submit);
    return box;
  }

  function blowForm(s: State, h: HazardFeature): HTMLFormElement {
    const form = element('form', { className: 'hazard-form' }, element('h4', { textContent: t('whistle.form.title') }));
    form.dataset.form = 'whistle';
    const already = new Set((h.properties.whistle ?? []).map((w) => w.department_code));
    const choices = element('fieldset', { className: 'whistle-departments' }, element('legend', { textContent: t('whistle.form.departments') }));
    if (!departments) {
      loadDepartments();
      choices.append(element('p', { className: 'hint', textContent: departmentsFailed ? t('whistle.error.departments') : t('panel.loading') }));
    } else {
      for (const d of departments) {
        const box = element('input', { type: 'checkbox', name: 'department', value: d.code, disabled: s.busy || already.has(d.code) });
        box.checked = s.picked.has(d.code);
        box.addEventListener('change', () => {
          if (box.checked) s.picked.add(d.code);
          else s.picked.delete(d.code);
        });
        const label = element('label', {}, box, ` ${departmentName(d)}`);
        if (already.has(d.code)) label.append(element('small', { textContent: ` ${t('whistle.form.already')}` }));
        choices.append(label);
      }
    }
    const reason = element('textarea', { name: 'reason', rows: 2, required: true, value: s.reason, disabled: s.busy });
    reason.addEventListener('input', () => { s.reason = reason.value; });
    const hours = element('input', { type: 'number', name: 'ack_hours', min: '1', max: '168', step: '1', required: true, value: s.ackHours, disabled: s.busy });
    hours.addEventListener('input', () => { s.ackHours = hours.value; });
    form.append(choices, field(t('whistle.form.reason'), reason), field(t('whistle.form.ackHours'), hours),
      buttons(s, 'summon', t('whistle.form.submit'), () => {
        s.form = false;
        options.render();
      }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const picked = [...s.picked].filter((c) => !already.has(c));
      if (!picked.length) {
        s.message = { kind: 'error', text: () => t('whistle.error.noDepartment') };
        options.render();
        return;
      }
      void step(s, h, 'blow', () => blowWhistle(h.id, { departments: picked, reason: s.reason.trim(), ack_hours: Number(s.ackHours) }));
    });
    return form;
  }

  /** Reporting for duty may say a word; recording the action must say what was done. */
  function answerForm(s: State, h: HazardFeature, action: 'acknowledge' | 'act'): HTMLFormElement {
    const note = element('textarea', { name: 'whistle_note', rows: 2, required: action === 'act', value: s.note, disabled: s.busy });
    note.addEventListener('input', () => { s.note = note.value; });
    const form = element('form', { className: 'hazard-form' },
      field(t(action === 'act' ? 'whistle.field.actNote' : 'whistle.field.ackNote'), note),
      buttons(s, action, t(`whistle.action.${action}`)));
    form.dataset.form = 'whistle-answer';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void step(s, h, action, () => answerWhistle(h.id, action, s.note.trim() || undefined));
    });
    return form;
  }

  async function step(s: State, h: HazardFeature, action: WhistleAction, call: () => Promise<HazardFeature>) {
    if (s.busy) return;
    s.busy = true;
    s.message = null;
    options.render();
    try {
      const updated = await call();
      if (state !== s) return;
      Object.assign(s, { form: false, picked: new Set(), reason: '', note: '', ackHours: String(DEFAULT_ACK_HOURS) });
      s.message = { kind: 'success', text: () => t(`whistle.done.${action}`) };
      s.busy = false;
      options.update(updated, true);
      return;
    } catch (err) {
      if (state !== s) return;
      s.message = errorMessage(err);
      // Someone else answered or summoned meanwhile: show where the whistle stands now, with the message saying why.
      if (err instanceof ApiError && err.status === 409) {
        try {
          const current = await fetchHazard(h.id);
          if (state !== s) return;
          s.busy = false;
          s.form = false;
          options.update(current, false);
          return;
        } catch (reloadErr) {
          console.warn('hazard reload:', reloadErr);
        }
      }
    }
    s.busy = false;
    options.render();
  }

  return {
    /** The section for a hazard, or null when there is nothing to show nor to do. */
    section(h: HazardFeature): HTMLElement | null {
      const summons = h.properties.whistle ?? [];
      const actions = h.properties.whistle_actions ?? [];
      const s = stateOf(h.id);
      if (!summons.length && !actions.length && !s.message) return null;
      const section = element('section', { className: 'hazard-actions whistle' }, element('h3', { textContent: t('whistle.title') }));
      section.dataset.testid = 'whistle';
      section.dataset.busy = String(s.busy);
      section.dataset.actions = actions.join(' ');
      if (s.message) section.append(hazardMessageElement(s.message, 'whistle-message'));
      section.append(summons.length ? whistleSummonsView(summons) : element('p', { className: 'hint', textContent: t('whistle.none') }));
      if (actions.includes('blow')) {
        if (s.form) section.append(blowForm(s, h));
        else {
          const open = element('button', { type: 'button', className: 'primary', textContent: t('whistle.action.blow'), disabled: s.busy });
          open.dataset.action = 'blow';
          open.addEventListener('click', () => {
            s.form = true;
            s.message = null;
            options.render();
          });
          section.append(element('div', { className: 'hazard-buttons' }, open));
        }
      }
      if (actions.includes('acknowledge')) section.append(answerForm(s, h, 'acknowledge'));
      else if (actions.includes('act')) section.append(answerForm(s, h, 'act'));
      return section;
    },
    /** Forgets what was typed and said: another hazard (or the same one afresh) is shown. */
    reset() {
      state = null;
    },
  };
}
