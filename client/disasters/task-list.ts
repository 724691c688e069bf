// The verification plan's tasks as a list with the states' legend; a click opens a task.
import { element } from '../dashboard/element.ts';
import { formatNumber, t, tValue } from '../i18n/i18n.ts';
import { TASK_STATES, type Task } from './disaster-api.ts';
import { TASK_COLOURS } from './disaster-layers.ts';

/** The states in their map colours, with how many tasks are in each. `[data-testid="task-legend"] [data-state][data-count]`. */
export function taskLegend(tasks: Task[]): HTMLElement {
  const legend = element('ul', { className: 'task-legend' }, ...TASK_STATES.map((s) => {
    const n = tasks.filter((x) => x.properties.state === s).length;
    const li = element('li', {}, element('span', { className: 'swatch' }), `${tValue('disaster.state', s)} ${formatNumber(n)}`);
    (li.firstChild as HTMLElement).style.background = TASK_COLOURS[s];
    li.dataset.state = s;
    li.dataset.count = String(n);
    return li;
  }));
  legend.dataset.testid = 'task-legend';
  return legend;
}

/** `[data-testid="task-list"] li[data-task-id][data-state][data-team][data-assignee-id]` with `button[data-action="open"]`. */
export function taskListView(tasks: Task[], picked: number | null, onOpen: (id: number) => void): HTMLElement {
  const list = element('ul', { className: 'task-list' }, ...tasks.map((task) => {
    const p = task.properties;
    const open = element('button', { type: 'button', className: 'dash-link', textContent: t('disaster.taskTitle', { seq: p.seq }) });
    open.dataset.action = 'open';
    open.addEventListener('click', () => onOpen(p.id));
    const dot = element('span', { className: 'swatch' });
    dot.style.background = TASK_COLOURS[p.state];
    const li = element('li', { className: p.id === picked ? 'picked' : '' }, dot, open,
      element('span', { textContent: tValue('disaster.state', p.state) }),
      element('small', { textContent: [p.grid_code, t('disaster.householdsN', { n: formatNumber(p.households) }),
        p.team, p.assignee_name].filter(Boolean).join(' · ') }));
    li.dataset.taskId = String(p.id);
    li.dataset.state = p.state;
    li.dataset.team = p.team ?? '';
    li.dataset.assigneeId = p.assignee_person_id ? String(p.assignee_person_id) : '';
    return li;
  }));
  list.dataset.testid = 'task-list';
  if (!tasks.length) list.append(element('li', { className: 'hint', textContent: t('disaster.noTasks') }));
  return list;
}
