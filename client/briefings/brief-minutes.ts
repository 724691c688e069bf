import { element } from '../dashboard/element.ts';
import { t } from '../i18n/i18n.ts';
import type { Decision } from './briefing-api.ts';

/** The minutes being written for one kept brief, surviving redraws. */
export interface MinutesDraft {
  minutes: string;
  decisions: Decision[];
  busy: boolean;
}

export const emptyDecision = (): Decision => ({ title: '', assignee: '', due: '' });

/**
 * The meeting's minutes and its decisions, each becoming a task (who, what, by when). Hooks:
 * `form[data-form="minutes"]` with `textarea[name=minutes]`, rows `[data-testid="decision"]` with `input[name=title]`,
 * `input[name=assignee]`, `input[name=due]` and `button[data-action="remove-decision"]`,
 * `button[data-action="add-decision"]`.
 */
export function minutesForm(d: MinutesDraft, redraw: () => void, submit: () => void): HTMLFormElement {
  const minutes = element('textarea', { name: 'minutes', rows: 4, maxLength: 20_000, required: true, value: d.minutes, disabled: d.busy });
  minutes.placeholder = t('briefings.minutesPlaceholder');
  minutes.addEventListener('input', () => { d.minutes = minutes.value; });

  const rows = d.decisions.map((decision, i) => {
    const input = (name: keyof typeof decision, type: string, placeholder: string) => {
      const field = element('input', { name, type, value: decision[name], required: true, disabled: d.busy, placeholder });
      field.setAttribute('aria-label', placeholder);
      field.addEventListener('input', () => { decision[name] = field.value; });
      return field;
    };
    const remove = element('button', { type: 'button', textContent: '×', title: t('briefings.removeDecision'), disabled: d.busy });
    remove.dataset.action = 'remove-decision';
    remove.addEventListener('click', () => {
      d.decisions.splice(i, 1);
      redraw();
    });
    const row = element('div', { className: 'decision-row' },
      input('title', 'text', t('briefings.decisionTitle')), input('assignee', 'text', t('briefings.assignee')),
      input('due', 'date', t('briefings.due')), remove);
    row.dataset.testid = 'decision';
    return row;
  });
  const add = element('button', { type: 'button', textContent: t('briefings.addDecision'), disabled: d.busy });
  add.dataset.action = 'add-decision';
  add.addEventListener('click', () => {
    d.decisions.push(emptyDecision());
    redraw();
  });
  const save = element('button', { type: 'submit', className: 'primary', disabled: d.busy,
    textContent: d.busy ? t('riskPoint.busy') : t('briefings.saveMinutes') });
  const form = element('form', { className: 'hazard-form minutes-form' },
    element('label', {}, t('briefings.minutesEdit'), minutes),
    element('p', { className: 'hint', textContent: t('briefings.decisionsHint') }),
    ...rows,
    element('div', { className: 'hazard-buttons' }, add, save));
  form.dataset.form = 'minutes';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  return form;
}
