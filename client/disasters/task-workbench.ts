// Working on one task, as the disasters panel and the field team view both do: load it, draw its households and
// tour on the map and fly there, and send the assignment and the steps, showing the server's refusals.
import { bbox } from '@turf/turf';
import type * as maplibregl from 'maplibre-gl';
import { element } from '../dashboard/element.ts';
import { t } from '../i18n/i18n.ts';
import { assignTask, getTask, stepTask, type Figures, type TaskAction, type TaskDetail } from './disaster-api.ts';
import type { DisasterLayers } from './disaster-layers.ts';
import { failed, messageBox, type PanelMessage } from './panel-message.ts';
import { setTaskBusy, taskDetailView } from './task-detail.ts';

interface Options {
  manager: () => boolean;
  peopleUnit: () => string;
  /** The task changed on the server (assigned, stepped): lists and the map's colours follow. */
  onChanged: (task: TaskDetail) => void;
  onClosed?: () => void;
  /** Room the panel takes over the map, so the task is fitted into what is left. */
  padding: () => maplibregl.PaddingOptions;
}

/** Hooks: the outcome is `[data-testid="task-message"][data-kind][data-status][data-code]`. */
export function createTaskWorkbench(container: HTMLElement, map: maplibregl.Map, layers: DisasterLayers, options: Options) {
  let disasterId: number | null = null;
  let task: TaskDetail | null = null;
  let message: PanelMessage | null = null;
  let view: HTMLElement | null = null;
  let request: AbortController | null = null;

  function render() {
    view = task ? taskDetailView(task, {
      manager: options.manager(),
      peopleUnit: options.peopleUnit(),
      onAssign: (body) => void send(() => assignTask(disasterId!, task!.properties.id, body), t('disaster.assigned'), t('disaster.assignFailed')),
      onStep: (action, body) => void step(action, body),
      onClose: () => close(),
    }) : null;
    container.replaceChildren(messageBox(message, 'task-message'), ...(view ? [view] : []));
    container.hidden = !task && !message;
  }

  function fit(detail: TaskDetail) {
    const hs = detail.properties.households;
    const [w, s, e, n] = hs.length ? bbox({ type: 'MultiPoint', coordinates: hs.map((h) => [h.lon, h.lat]) }) : bbox(detail.geometry);
    if (![w, s, e, n].every(Number.isFinite)) return;
    map.fitBounds([[w, s], [e, n]], { padding: options.padding(), maxZoom: 17, duration: 0 });
  }

  function step(action: TaskAction, body: { figures?: Figures; reason?: string; person_id?: number }) {
    if (!task) return;
    const version = task.properties.version;
    return send(() => stepTask(disasterId!, task!.properties.id, { action, ...body, ...(action === 'recheck' ? {} : { version }) }),
      t(`disaster.stepped.${action}`), t('disaster.stepFailed'));
  }

  async function send(call: () => Promise<TaskDetail>, done: string, fail: string) {
    setTaskBusy(view, true);
    try {
      const next = await call();
      task = next;
      message = { kind: 'success', text: done };
      layers.showVisits(next);
      render();
      options.onChanged(next);
    } catch (err) {
      message = failed(fail, err);
      setTaskBusy(view, false);
      container.querySelector('[data-testid="task-message"]')?.remove();
      container.prepend(messageBox(message, 'task-message'));
    }
  }

  async function open(disaster: number, taskId: number) {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    disasterId = disaster;
    message = null;
    container.hidden = false;
    container.replaceChildren(element('p', { className: 'hint', textContent: t('panel.loading') }));
    try {
      const detail = await getTask(disaster, taskId, mine.signal);
      if (request !== mine) return;
      task = detail;
      layers.showVisits(detail);
      fit(detail);
    } catch (err) {
      if (mine.signal.aborted) return;
      task = null;
      message = failed(t('disaster.taskFailed'), err);
    }
    render();
  }

  function close() {
    request?.abort();
    task = null;
    message = null;
    layers.showVisits(null);
    render();
    options.onClosed?.();
  }

  container.hidden = true;
  return {
    open,
    close,
    rerender: render,
    get task(): TaskDetail | null {
      return task;
    },
  };
}

export type TaskWorkbench = ReturnType<typeof createTaskWorkbench>;
