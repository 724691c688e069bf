// The field team view (我的任务): the tasks given to the signed-in person across the county's disasters, and the one
// picked on the map (its households numbered in visiting order along the tour; risk points are the map's own layer),
// to record figures and mark verified. Laid out for a phone by the panel's compact style.
import type * as maplibregl from 'maplibre-gl';
import { element } from '../dashboard/element.ts';
import { formatNumber, t, tValue } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import { listDisasters, listTasks, type DisasterRow, type Task } from './disaster-api.ts';
import type { DisasterLayers } from './disaster-layers.ts';
import { TASK_COLOURS } from './disaster-layers.ts';
import { failed, messageBox, type PanelMessage } from './panel-message.ts';
import { createTaskWorkbench } from './task-workbench.ts';

/** Disasters looked through for one's tasks: the latest first; older ones are long verified. */
const DISASTERS_SCANNED = 20;

interface Mine {
  disaster: DisasterRow;
  task: Task;
}

/**
 * Hooks: `el` carries data-state (loading, ready, error) and data-count; the list
 * `[data-testid="my-tasks"] li[data-task-id][data-disaster-id][data-state]` with `button[data-action="open"]`; the
 * open task as in task-detail.ts.
 */
export function createMyTasksPanel(el: HTMLElement, map: maplibregl.Map, options: { layers: DisasterLayers; padding: () => maplibregl.PaddingOptions }) {
  let mine: Mine[] = [];
  let state: 'loading' | 'ready' | 'error' = 'loading';
  let message: PanelMessage | null = null;
  let picked: Mine | null = null;
  let request: AbortController | null = null;

  const listBox = element('div');
  const taskBox = element('div', { className: 'task-box' });
  el.replaceChildren(listBox, taskBox);
  const workbench = createTaskWorkbench(taskBox, map, options.layers, {
    manager: () => false, // the field view records and verifies; assigning and re-checks are the disasters panel's
    peopleUnit: () => '',
    padding: options.padding,
    onChanged(task) {
      mine = mine.map((m) => (m.task.properties.id === task.properties.id
        ? { ...m, task: { ...task, properties: { ...task.properties, households: task.properties.households.length } } } : m));
      showOnMap();
      render();
    },
    onClosed() {
      picked = null;
      showOnMap();
      render();
    },
  });

  function showOnMap() {
    options.layers.showTasks(mine.filter((m) => !picked || m.disaster.id === picked.disaster.id).map((m) => m.task), picked?.task.properties.id ?? null);
  }

  function render() {
    el.dataset.state = state;
    el.dataset.count = String(mine.length);
    const list = element('ul', { className: 'task-list my-tasks' }, ...mine.map((m) => {
      const p = m.task.properties;
      const open = element('button', { type: 'button', className: 'dash-link',
        textContent: `${tValue('disaster.kind', m.disaster.kind)} #${m.disaster.id} · ${t('disaster.taskTitle', { seq: p.seq })}` });
      open.dataset.action = 'open';
      open.addEventListener('click', () => {
        picked = m;
        showOnMap();
        void workbench.open(m.disaster.id, p.id);
        render();
      });
      const dot = element('span', { className: 'swatch' });
      dot.style.background = TASK_COLOURS[p.state];
      const li = element('li', { className: picked?.task.properties.id === p.id ? 'picked' : '' }, dot, open,
        element('span', { textContent: tValue('disaster.state', p.state) }),
        element('small', { textContent: [p.grid_code, t('disaster.householdsN', { n: formatNumber(p.households) }), p.team].filter(Boolean).join(' · ') }));
      li.dataset.taskId = String(p.id);
      li.dataset.disasterId = String(m.disaster.id);
      li.dataset.state = p.state;
      return li;
    }));
    list.dataset.testid = 'my-tasks';
    if (state === 'ready' && !mine.length) list.append(element('li', { className: 'hint', textContent: t('disaster.noMyTasks') }));
    listBox.replaceChildren(messageBox(message, 'my-tasks-message'),
      ...(state === 'loading' ? [element('p', { className: 'hint', textContent: t('panel.loading') })] : []), list);
  }

  async function load() {
    request?.abort();
    const req = new AbortController();
    request = req;
    state = 'loading';
    message = null;
    render();
    try {
      const disasters = (await listDisasters(req.signal)).rows.slice(0, DISASTERS_SCANNED);
      const lists = await Promise.all(disasters.map((d) => listTasks(d.id, { mine: true, signal: req.signal })));
      if (request !== req) return;
      mine = disasters.flatMap((d, i) => lists[i].features.map((task) => ({ disaster: d, task: task as Task })));
      state = 'ready';
    } catch (err) {
      if (req.signal.aborted) return;
      state = 'error';
      message = failed(t('disaster.loadFailed'), err);
    }
    showOnMap();
    render();
  }

  return {
    show(_session: Session) {
      void load();
    },
    hide() {
      request?.abort();
      workbench.close();
      options.layers.clear();
    },
    render() {
      render();
      workbench.rerender();
    },
  };
}

export type MyTasksPanel = ReturnType<typeof createMyTasksPanel>;
