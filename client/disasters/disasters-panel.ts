// 灾情核查: the county's disasters, recording a new one, and for the one picked its footprint on the map, the impact
// table, the verification plan with its tasks coloured by state, the task being worked on, and the reports.
import { bbox } from '@turf/turf';
import type * as maplibregl from 'maplibre-gl';
import { element } from '../dashboard/element.ts';
import { formatDateTime, formatNumber, t, tValue } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import type { AreaPicker } from './area-picker.ts';
import {
  fetchImpact, getDisaster, listDisasters, listReports, listTasks, planTasks, produceReport,
  type Disaster, type DisasterRow, type Impact, type ReportKind, type ReportRow, type Task, type TaskDetail,
} from './disaster-api.ts';
import { createDisasterForm } from './disaster-form.ts';
import type { DisasterLayers } from './disaster-layers.ts';
import { impactView } from './impact-view.ts';
import { failed, messageBox, type PanelMessage } from './panel-message.ts';
import { reportsView } from './report-list.ts';
import { createTaskWorkbench } from './task-workbench.ts';
import { taskLegend, taskListView } from './task-list.ts';

interface Options {
  layers: DisasterLayers;
  picker: AreaPicker;
  padding: () => maplibregl.PaddingOptions;
}

/** A task in the list from a task as opened: the list counts the households the detail lists. */
const asListed = (d: TaskDetail): Task => ({ ...d, properties: { ...d.properties, households: d.properties.households.length } });

/**
 * Hooks: `el` carries data-state (loading, ready, error), data-disaster-id (the one picked) and data-busy; the list
 * `[data-testid="disaster-list"] li[data-disaster-id]` with `button[data-action="open"]`; `button[data-action="new"]`
 * opens the form (see disaster-form.ts); the picked disaster `[data-testid="disaster"][data-disaster-id]`, its
 * `input[name="buffer"]` with `button[data-action="impact"]`, the impact (impact-view.ts), the plan
 * `form[data-form="plan"]` (`select[name="mode"]`, `input[name="households_per_task"]`, `button[data-action="plan"]`),
 * the tasks (task-list.ts), the open task (task-detail.ts), the reports (report-list.ts); the outcome
 * `[data-testid="disaster-message"][data-kind][data-status][data-code]`.
 */
export function createDisastersPanel(el: HTMLElement, map: maplibregl.Map, options: Options) {
  const { layers } = options;
  let session: Session | null = null;
  let rows: DisasterRow[] = [];
  let state: 'loading' | 'ready' | 'error' = 'loading';
  let creating = false;
  let disaster: Disaster | null = null;
  let impact: Impact | null = null;
  let bufferM = 0;
  let tasks: Task[] = [];
  let reports: ReportRow[] = [];
  let message: PanelMessage | null = null;
  let busy = false;
  let request: AbortController | null = null;

  const manager = () => session !== null && (session.role === 'chief' || (session.role === 'leader' && session.jurisdiction.length <= 12));

  const { picker } = options;
  const form = createDisasterForm(picker, {
    onCreated(d) {
      creating = false;
      picker.stop();
      message = { kind: 'success', text: t('disaster.created', { id: d.id }) };
      void reloadList();
      void pick(d.id);
    },
    onCancel() {
      creating = false;
      picker.stop();
      render();
    },
  });
  const newButton = element('button', { type: 'button', className: 'primary' });
  newButton.dataset.action = 'new';
  newButton.addEventListener('click', () => {
    creating = !creating;
    if (creating) form.reset();
    else picker.stop();
    render();
  });
  const listBox = element('div');
  const messageSlot = element('div');
  const detailBox = element('section', { className: 'disaster-detail' });
  const taskBox = element('div', { className: 'task-box' });
  el.replaceChildren(element('div', { className: 'hazard-buttons disaster-toolbar' }, newButton), form.el, listBox, messageSlot, detailBox);

  const workbench = createTaskWorkbench(taskBox, map, layers, {
    manager,
    peopleUnit: () => session?.jurisdiction ?? '',
    padding: options.padding,
    onChanged(task) {
      tasks = tasks.map((x) => (x.properties.id === task.properties.id ? asListed(task) : x));
      layers.showTasks(tasks, task.properties.id);
      renderDetail();
    },
    onClosed: () => {
      layers.showTasks(tasks);
      renderDetail();
    },
  });

  function render() {
    el.dataset.state = state;
    el.dataset.disasterId = disaster ? String(disaster.id) : '';
    el.dataset.busy = String(busy);
    newButton.textContent = creating ? t('disaster.closeNew') : t('disaster.new');
    newButton.hidden = !manager();
    form.el.hidden = !creating;
    listBox.replaceChildren(listView());
    messageSlot.replaceChildren(messageBox(message, 'disaster-message'));
    renderDetail();
  }

  function listView(): HTMLElement {
    if (state === 'loading' && !rows.length) return element('p', { className: 'hint', textContent: t('panel.loading') });
    const list = element('ul', { className: 'brief-list disaster-list' }, ...rows.map((r) => {
      const open = element('button', { type: 'button', className: 'dash-link',
        textContent: `${tValue('disaster.kind', r.kind)} #${r.id}` });
      open.dataset.action = 'open';
      open.addEventListener('click', () => void pick(r.id));
      const li = element('li', { className: r.id === disaster?.id ? 'picked' : '' }, open,
        element('small', { textContent: `${formatDateTime(r.occurred_at)} · ${formatNumber(Math.round(r.area_m2 / 1e4) / 100)} km²${r.description ? ` · ${r.description}` : ''}` }));
      li.dataset.disasterId = String(r.id);
      return li;
    }));
    list.dataset.testid = 'disaster-list';
    if (!rows.length) list.append(element('li', { className: 'hint', textContent: t('disaster.none') }));
    return list;
  }

  function renderDetail() {
    if (!disaster) {
      detailBox.replaceChildren();
      return;
    }
    const d = disaster;
    detailBox.dataset.testid = 'disaster';
    detailBox.dataset.disasterId = String(d.id);
    const buffer = element('input', { type: 'number', name: 'buffer', min: '0', max: '50000', step: '10', value: String(bufferM) });
    const apply = element('button', { type: 'submit', textContent: t('disaster.applyBuffer'), disabled: busy });
    apply.dataset.action = 'impact';
    const bufferForm = element('form', { className: 'dash-period' }, element('label', {}, t('disaster.buffer'), buffer), apply);
    bufferForm.addEventListener('submit', (e) => {
      e.preventDefault();
      bufferM = Math.max(0, Number(buffer.value) || 0);
      void loadImpact();
    });

    const mode = element('select', { name: 'mode' },
      element('option', { value: 'grid', textContent: t('disaster.mode.grid') }),
      element('option', { value: 'households', textContent: t('disaster.mode.households') }));
    const per = element('input', { type: 'number', name: 'households_per_task', min: '5', max: '500', value: '40' });
    const perLabel = element('label', {}, t('disaster.perTask'), per);
    perLabel.hidden = true;
    mode.addEventListener('change', () => { perLabel.hidden = mode.value !== 'households'; });
    const planButton = element('button', { type: 'submit', className: 'primary', textContent: tasks.length ? t('disaster.replan') : t('disaster.plan'), disabled: busy });
    planButton.dataset.action = 'plan';
    const planForm = element('form', { className: 'dash-period' }, element('label', {}, t('disaster.planMode'), mode), perLabel, planButton);
    planForm.dataset.form = 'plan';
    planForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void plan(mode.value as 'grid' | 'households', Number(per.value) || 40);
    });

    detailBox.replaceChildren(
      element('h3', { textContent: t('disaster.heading', { kind: tValue('disaster.kind', d.properties.kind), id: d.id }) }),
      element('p', { className: 'hint', textContent: [formatDateTime(d.properties.occurred_at), d.properties.description,
        `${formatNumber(Math.round(d.properties.area_m2 / 1e4) / 100)} km²`].filter(Boolean).join(' · ') }),
      element('h4', { textContent: t('disaster.impact') }), bufferForm,
      impact ? impactView(impact) : element('p', { className: 'hint', textContent: t('panel.loading') }),
      ...(manager() ? [element('h4', { textContent: t('disaster.planTitle') }), planForm] : [element('h4', { textContent: t('disaster.planTitle') })]),
      taskLegend(tasks), taskListView(tasks, workbench.task?.properties.id ?? null, (id) => {
        layers.showTasks(tasks, id);
        void workbench.open(d.id, id);
      }),
      taskBox,
      element('h4', { textContent: t('disaster.reports') }),
      manager() ? reportsView(d.id, reports, busy, (k) => void report(k)) : reportsView(d.id, reports, true, () => undefined),
    );
  }

  async function run(action: () => Promise<void>, fail: string) {
    busy = true;
    message = null;
    render();
    try {
      await action();
    } catch (err) {
      message = failed(fail, err);
    }
    busy = false;
    render();
  }

  const loadImpact = () => run(async () => {
    impact = await fetchImpact(disaster!.id, bufferM);
  }, t('disaster.impactFailed'));

  const plan = (mode: 'grid' | 'households', per: number) => run(async () => {
    const answer = await planTasks(disaster!.id, { mode, buffer: bufferM, ...(mode === 'households' ? { households_per_task: per } : {}) });
    tasks = answer.features as Task[];
    workbench.close();
    layers.showTasks(tasks);
    message = { kind: 'success', text: t('disaster.planned', { n: answer.created }) };
  }, t('disaster.planFailed'));

  const report = (kind: ReportKind) => run(async () => {
    const made = await produceReport(disaster!.id, kind);
    reports = (await listReports(disaster!.id)).rows;
    message = { kind: 'success', text: t('disaster.reportMade', { title: made.kind === 'follow_up' ? t('disaster.report.followUpN', { n: made.seq }) : t(`disaster.report.${made.kind}`) }) };
  }, t('disaster.reportFailed'));

  async function pick(id: number) {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    workbench.close();
    impact = null;
    try {
      const [d, i, ts, rs] = await Promise.all([getDisaster(id, mine.signal), fetchImpact(id, bufferM, mine.signal),
        listTasks(id, { signal: mine.signal }), listReports(id, mine.signal)]);
      if (request !== mine) return;
      [disaster, impact, tasks, reports] = [d, i, ts.features as Task[], rs.rows];
      layers.showFootprint(d);
      layers.showTasks(tasks);
      const [w, s, e, n] = bbox(d.geometry);
      map.fitBounds([[w, s], [e, n]], { padding: options.padding(), duration: 0 });
    } catch (err) {
      if (mine.signal.aborted) return;
      message = failed(t('disaster.loadFailed'), err);
    }
    render();
  }

  async function reloadList() {
    try {
      rows = (await listDisasters()).rows;
      state = 'ready';
    } catch (err) {
      state = 'error';
      message = failed(t('disaster.loadFailed'), err);
    }
    render();
  }

  return {
    show(next: Session) {
      session = next;
      picker.listen(() => form.render());
      render();
      void reloadList();
      if (disaster) {
        layers.showFootprint(disaster);
        layers.showTasks(tasks);
      }
    },
    hide() {
      request?.abort();
      creating = false;
      picker.stop();
      workbench.close();
      layers.clear();
    },
    render,
    get capturesClicks(): boolean {
      return creating && picker.capturesClicks;
    },
    get disaster(): Disaster | null {
      return disaster;
    },
    get tasks(): Task[] {
      return tasks;
    },
  };
}

export type DisastersPanel = ReturnType<typeof createDisastersPanel>;
