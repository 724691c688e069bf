// One verification task opened: who has it, its households in visiting order, the figures the team records, and
// the steps its state allows (start, save, verify; a manager's re-check to another person). The panel around it
// calls the server; this only draws and collects.
import { element } from '../dashboard/element.ts';
import { formatDateTime, formatNumber, t, tValue } from '../i18n/i18n.ts';
import { FIGURE_KEYS, type Figures, type TaskAction, type TaskDetail } from './disaster-api.ts';
import { createPersonPicker } from './person-picker.ts';

export interface TaskDetailOptions {
  /** The chief or a township or village leader: may assign the task and ask for a re-check. */
  manager: boolean;
  /** Where to look for people to give it to (a unit code). */
  peopleUnit: string;
  onAssign(body: { team: string | null; person_id?: number }): void;
  onStep(action: TaskAction, body: { figures?: Figures; reason?: string; person_id?: number }): void;
  onClose(): void;
}

/** How many households the list shows before "and n more": the map shows all. */
const LIST_LIMIT = 60;

const figuresOf = (form: HTMLFormElement): Figures =>
  Object.fromEntries(FIGURE_KEYS.map((k) => [k, Math.max(0, Math.round(Number((form.elements.namedItem(k) as HTMLInputElement).value) || 0))])) as Figures;

/**
 * Hooks: `[data-testid="task-detail"]` with data-task-id, data-state, data-version; `form[data-form="task-assign"]`
 * (`input[name="team"]`, the person picker, `button[data-action="assign"]`); `form[data-form="task-figures"]`
 * (`input[name=<figure>]`, `button[data-action="start" | "save" | "verify"]`); `form[data-form="task-recheck"]`
 * (`textarea[name="reason"]`, a person picker, `button[data-action="recheck"]`); the households
 * `[data-testid="task-households"] li[data-visit][data-household-id]`.
 */
export function taskDetailView(task: TaskDetail, options: TaskDetailOptions): HTMLElement {
  const p = task.properties;
  const box = element('section', { className: 'task-detail' });
  box.dataset.testid = 'task-detail';
  box.dataset.taskId = String(p.id);
  box.dataset.state = p.state;
  box.dataset.version = String(p.version);

  const close = element('button', { type: 'button', className: 'dash-close', textContent: '×', title: t('panel.close') });
  close.addEventListener('click', () => options.onClose());
  const state = element('span', { className: `task-state state-${p.state}`, textContent: tValue('disaster.state', p.state) });
  box.append(element('header', { className: 'dash-header' },
    element('h3', {}, t('disaster.taskTitle', { seq: p.seq }), ' ', state), close));

  const facts: [string, string][] = [
    [t('disaster.grid'), p.grid_code ? `${p.grid_name ?? ''} ${p.grid_code}`.trim() : t('panel.empty')],
    [t('disaster.team'), p.team ?? t('panel.empty')],
    [t('disaster.assignee'), p.assignee_name ? `${p.assignee_name} · ${p.assignee_phone ?? '—'}` : t('panel.empty')],
    [t('disaster.householdsToVisit'), t('disaster.tour', { n: formatNumber(p.households.length), km: (p.tour_m / 1000).toFixed(1) })],
  ];
  if (p.recheck_reason) facts.push([t('disaster.recheckReason'), p.recheck_reason]);
  if (p.verified_by) facts.push([t('disaster.verifiedBy'), `${p.verified_by} · ${p.verified_at ? formatDateTime(p.verified_at) : ''}`]);
  box.append(element('dl', { className: 'task-facts' }, ...facts.flatMap(([k, v]) => [element('dt', { textContent: k }), element('dd', { textContent: v })])));

  if (options.manager && p.state !== 'verified') {
    const team = element('input', { name: 'team', value: p.team ?? '', maxLength: 100, placeholder: t('disaster.teamPlaceholder') });
    const picker = createPersonPicker(options.peopleUnit, p.assignee_person_id ? { id: p.assignee_person_id, name: p.assignee_name ?? '' } : null);
    const assign = element('button', { type: 'submit', textContent: t('disaster.assign') });
    assign.dataset.action = 'assign';
    const form = element('form', { className: 'task-form' },
      element('label', {}, t('disaster.team'), team), element('label', {}, t('disaster.assignee'), picker.el),
      element('div', { className: 'hazard-buttons' }, assign));
    form.dataset.form = 'task-assign';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const chosen = picker.chosen;
      options.onAssign({ team: team.value.trim() || null, ...(chosen && chosen.id !== p.assignee_person_id ? { person_id: chosen.id } : {}) });
    });
    box.append(form);
  }

  const steps = p.allowed_actions.filter((a) => a !== 'recheck');
  const editable = p.state === 'in_progress';
  const figures = element('form', { className: 'task-form task-figures' },
    ...FIGURE_KEYS.map((k) => element('label', {}, t(`disaster.figure.${k}`),
      element('input', { type: 'number', name: k, min: '0', step: '1', inputMode: 'numeric', value: String(p.figures?.[k] ?? 0), disabled: !editable }))),
    element('div', { className: 'hazard-buttons' }, ...steps.map((a) => {
      const b = element('button', { type: 'button', className: a === 'verify' ? 'primary' : '', textContent: t(`disaster.action.${a}`) });
      b.dataset.action = a;
      b.addEventListener('click', () => options.onStep(a, a === 'start' ? {} : { figures: figuresOf(figures) }));
      return b;
    })));
  figures.dataset.form = 'task-figures';
  figures.addEventListener('submit', (e) => e.preventDefault());
  box.append(element('h4', { textContent: t('disaster.figures') }), figures);

  if (options.manager && p.allowed_actions.includes('recheck')) {
    const reason = element('textarea', { name: 'reason', rows: 2, maxLength: 2000, placeholder: t('disaster.recheckPlaceholder') });
    const picker = createPersonPicker(options.peopleUnit, null);
    const recheck = element('button', { type: 'submit', className: 'danger', textContent: t('disaster.action.recheck') });
    recheck.dataset.action = 'recheck';
    const form = element('form', { className: 'task-form' },
      element('label', {}, t('disaster.recheckReason'), reason), element('label', {}, t('disaster.recheckTo'), picker.el),
      element('div', { className: 'hazard-buttons' }, recheck));
    form.dataset.form = 'task-recheck';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      options.onStep('recheck', { reason: reason.value.trim(), person_id: picker.chosen?.id });
    });
    box.append(form);
  }

  const hs = p.households;
  const list = element('ol', { className: 'task-households' },
    ...hs.slice(0, LIST_LIMIT).map((h) => {
      const li = element('li', { textContent: t('disaster.household', { visit: h.visit, persons: h.persons }) });
      li.dataset.visit = String(h.visit);
      li.dataset.householdId = String(h.id);
      return li;
    }));
  list.dataset.testid = 'task-households';
  box.append(element('h4', { textContent: t('disaster.visitOrder') }), list);
  if (hs.length > LIST_LIMIT) box.append(element('p', { className: 'hint', textContent: t('disaster.more', { n: hs.length - LIST_LIMIT }) }));
  return box;
}

/** Disables every control of a shown task while a request for it is on its way. */
export function setTaskBusy(box: HTMLElement | null, busy: boolean) {
  box?.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLTextAreaElement>('button, input, textarea').forEach((c) => {
    if (busy) {
      c.dataset.wasDisabled = String(c.disabled);
      c.disabled = true;
    } else if (c.dataset.wasDisabled !== undefined) {
      c.disabled = c.dataset.wasDisabled === 'true';
      delete c.dataset.wasDisabled;
    }
  });
  box?.setAttribute('data-busy', String(busy));
}
