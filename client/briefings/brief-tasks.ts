import { element } from '../dashboard/element.ts';
import { t } from '../i18n/i18n.ts';
import type { BriefTask } from './briefing-api.ts';

/**
 * A brief's tasks (its meeting's decisions), each with a "done" checkbox. Hooks: `[data-testid="brief-tasks"]
 * li[data-task-id][data-status]` with `input[name=done]`; data-busy while its change is on its way.
 */
export function taskList(tasks: BriefTask[], busy: ReadonlySet<number>, toggle: (task: BriefTask, done: boolean) => void): HTMLElement {
  const today = new Date().toISOString().slice(0, 10);
  const list = element('ul', { className: 'brief-tasks' });
  list.dataset.testid = 'brief-tasks';
  if (!tasks.length) list.append(element('li', { className: 'hint', textContent: t('briefings.noTasks') }));
  for (const task of tasks) {
    const box = element('input', { type: 'checkbox', name: 'done', checked: task.status === 'done', disabled: busy.has(task.id) });
    box.addEventListener('change', () => toggle(task, box.checked));
    const late = task.status === 'open' && task.due < today;
    const li = element('li', {}, element('label', { className: 'check' }, box,
      element('span', { className: 'task-title', textContent: task.title })),
    element('small', { textContent: t('briefings.taskMeta', { assignee: task.assignee, due: task.due }) }));
    if (late) li.append(' ', element('span', { className: 'badge', textContent: t('hazard.overdue') }));
    li.dataset.taskId = String(task.id);
    li.dataset.status = task.status;
    li.dataset.busy = String(busy.has(task.id));
    list.append(li);
  }
  return list;
}
