// The monthly risk briefing (风险研判) beside the map: preview a unit's (or a department's) brief for a month,
// generate and keep it, list the kept ones, print one, write its meeting's minutes with decisions, and tick off the
// tasks they became. Loaded as its own chunk (ECharts comes with the trend, shared with the dashboard's chunk).
import { element } from '../dashboard/element.ts';
import { createTrendChart } from '../dashboard/trend-chart.ts';
import { ApiError } from '../http/fetch-json.ts';
import { currentLang, formatDateTime, formatNumber, onLangChange, t } from '../i18n/i18n.ts';
import { isMonth, thisMonth } from '../inspections/month.ts';
import type { Session } from '../session/session-api.ts';
import {
  fetchBrief, generateBrief, listBriefs, previewBrief, printUrl, recordMinutes, setTaskStatus,
  type BriefContent, type BriefListRow, type BriefTask, type KeptBrief, type Subject,
} from './briefing-api.ts';
import { emptyDecision, minutesForm, type MinutesDraft } from './brief-minutes.ts';
import { briefSubjects, type SubjectChoice } from './brief-subjects.ts';
import { taskList } from './brief-tasks.ts';
import { briefView } from './brief-view.ts';

interface Options {
  onClose: () => void;
}

type Shown = { kind: 'preview'; content: BriefContent } | { kind: 'kept'; brief: KeptBrief };

interface Message {
  kind: 'error' | 'success';
  text: () => string;
  detail?: string;
}

const failure = (text: () => string, err: unknown): Message =>
  ({ kind: 'error', text, detail: err instanceof ApiError || err instanceof Error ? err.message : String(err) });

/**
 * Hooks: `el` carries data-state (loading, ready, error) for the shown brief, data-subject, data-month, data-list
 * (loading, ready, error, missing when the server has no list yet) and data-busy; the picker is `select[name=subject]`
 * and `input[name=month]`; actions `button[data-action="preview" | "generate"]`; kept briefs
 * `[data-testid="briefing-list"] li[data-briefing-id][data-has-minutes][data-open-tasks]` with
 * `button[data-action="open"]` and the print link `a[data-action="print"]`; the brief `[data-testid="brief"]` with
 * data-kind (preview, kept) and data-briefing-id; the outcome `[data-testid="briefings-message"][data-kind]`.
 */
export function createBriefingsPanel(el: HTMLElement, options: Options) {
  let session: Session | null = null;
  let choices: SubjectChoice[] = [];
  let subjectValue = '';
  let month = thisMonth();
  let shown: Shown | null = null;
  let state: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  let list: BriefListRow[] | null = null;
  let listState: 'loading' | 'ready' | 'error' | 'missing' = 'loading';
  let busy = false;
  let message: Message | null = null;
  const drafts = new Map<number, MinutesDraft>();
  const busyTasks = new Set<number>();
  let chart: ReturnType<typeof createTrendChart> | null = null;
  let request: AbortController | null = null;

  const title = element('h2');
  const close = element('button', { type: 'button', className: 'dash-close' });
  close.addEventListener('click', () => options.onClose());
  const subjectSelect = element('select', { name: 'subject' });
  const monthInput = element('input', { type: 'month', name: 'month', required: true });
  const subjectLabel = element('label', {}, element('span'), subjectSelect);
  const monthLabel = element('label', {}, element('span'), monthInput);
  const previewButton = element('button', { type: 'submit' });
  previewButton.dataset.action = 'preview';
  const generateButton = element('button', { type: 'button', className: 'primary' });
  generateButton.dataset.action = 'generate';
  const form = element('form', { className: 'dash-period brief-picker' }, subjectLabel, monthLabel, previewButton, generateButton);
  const messageBox = element('div');
  const listTitle = element('h3');
  const listBox = element('div', { className: 'brief-list-box' });
  const briefBox = element('section', { className: 'brief-box' });
  el.replaceChildren(element('header', { className: 'dash-header' }, title, close), form, messageBox,
    element('section', {}, listTitle, listBox), briefBox);

  const subject = (): Subject | null => choices.find((c) => c.value === subjectValue)?.subject ?? null;

  subjectSelect.addEventListener('change', () => {
    subjectValue = subjectSelect.value;
    void refreshList();
  });
  monthInput.addEventListener('change', () => {
    if (!isMonth(monthInput.value)) return;
    month = monthInput.value;
    void refreshList();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void preview();
  });
  generateButton.addEventListener('click', () => void generate());

  function renderFrame() {
    el.dataset.state = state;
    el.dataset.subject = subjectValue;
    el.dataset.month = month;
    el.dataset.list = listState;
    el.dataset.busy = String(busy);
    title.textContent = t('briefings.title');
    close.textContent = '×';
    close.title = t('panel.close');
    close.setAttribute('aria-label', t('panel.close'));
    (subjectLabel.firstChild as HTMLElement).textContent = t('briefings.subject');
    (monthLabel.firstChild as HTMLElement).textContent = t('inspections.month');
    const groups = (['unit', 'department'] as const).map((g) => {
      const options = choices.filter((c) => c.group === g).map((c) => element('option', { value: c.value, textContent: c.name() }));
      return options.length ? element('optgroup', { label: t(`briefings.group.${g}`) }, ...options) : null;
    }).filter((g) => g !== null);
    subjectSelect.replaceChildren(...groups);
    subjectSelect.value = subjectValue;
    subjectSelect.disabled = busy;
    monthInput.value = month;
    monthInput.disabled = busy;
    previewButton.textContent = t('briefings.preview');
    generateButton.textContent = t('briefings.generate');
    previewButton.disabled = busy || !subject();
    generateButton.disabled = busy || !subject();
    messageBox.replaceChildren();
    if (message) {
      const m = element('p', { className: 'hazard-message' }, message.text());
      m.dataset.testid = 'briefings-message';
      m.dataset.kind = message.kind;
      m.setAttribute('role', message.kind === 'error' ? 'alert' : 'status');
      if (message.detail) m.append(element('small', { textContent: message.detail }));
      messageBox.append(m);
    }
  }

  function renderList() {
    listTitle.textContent = t('briefings.kept');
    if (listState !== 'ready' || !list) {
      listBox.replaceChildren(element('p', { className: 'hint', textContent: listState === 'loading' ? t('panel.loading')
        : listState === 'missing' ? t('briefings.listMissing') : t('briefings.listFailed') }));
      return;
    }
    if (!list.length) {
      listBox.replaceChildren(element('p', { className: 'hint', textContent: t('briefings.noneKept') }));
      return;
    }
    const items = list.map((b) => {
      const open = element('button', { type: 'button', className: 'dash-link',
        textContent: t('briefings.keptRow', { name: b.department_name ?? b.unit_name ?? b.unit_code ?? b.department_code ?? '',
          at: formatDateTime(b.generated_at), by: b.generated_by }) });
      open.dataset.action = 'open';
      open.addEventListener('click', () => void openKept(b.id));
      const print = element('a', { href: printUrl(b.id), target: '_blank', rel: 'noopener', textContent: t('briefings.print') });
      print.dataset.action = 'print';
      const state = element('small', { textContent: t('briefings.keptState', {
        minutes: b.has_minutes ? t('briefings.hasMinutes') : t('briefings.noMinutes'),
        open: formatNumber(b.open_tasks), tasks: formatNumber(b.tasks),
      }) });
      const li = element('li', {}, open, print, state);
      li.dataset.briefingId = String(b.id);
      li.dataset.hasMinutes = String(b.has_minutes);
      li.dataset.openTasks = String(b.open_tasks);
      li.classList.toggle('picked', shown?.kind === 'kept' && shown.brief.id === b.id);
      return li;
    });
    const ul = element('ul', { className: 'brief-list' }, ...items);
    ul.dataset.testid = 'briefing-list';
    listBox.replaceChildren(ul);
  }

  /** Who kept the brief and when, with its printable page: above the content. */
  function keptLine(b: KeptBrief): HTMLElement {
    const print = element('a', { href: printUrl(b.id), target: '_blank', rel: 'noopener', textContent: t('briefings.print') });
    print.dataset.action = 'print';
    return element('p', { className: 'dash-finders' },
      t('briefings.generatedBy', { at: formatDateTime(b.generated_at), by: b.generated_by }), ' · ', print);
  }

  /** The meeting's follow-up, below the content: the tasks first, then the minutes and the form to write them. */
  function keptSection(b: KeptBrief): HTMLElement {
    const draft = drafts.get(b.id) ?? { minutes: b.minutes ?? '', decisions: [emptyDecision()], busy: false };
    drafts.set(b.id, draft);
    const minutes = b.minutes
      ? element('blockquote', { className: 'brief-minutes', textContent: b.minutes })
      : element('p', { className: 'hint', textContent: t('briefings.noMinutesYet') });
    minutes.dataset.testid = 'brief-minutes';
    return element('div', {},
      element('section', {}, element('h3', { textContent: t('briefings.tasks') }), taskList(b.tasks, busyTasks, (task, done) => void toggleTask(b, task, done))),
      element('section', {}, element('h3', { textContent: t('briefings.minutes') }), minutes,
        minutesForm(draft, renderBrief, () => void saveMinutes(b, draft))));
  }

  function renderBrief() {
    chart?.dispose();
    chart = null;
    if (!shown) {
      briefBox.replaceChildren(element('p', { className: 'hint', textContent: state === 'loading' ? t('panel.loading') : t('briefings.pickHint') }));
      return;
    }
    const content = shown.kind === 'preview' ? shown.content : shown.brief.content;
    // A department's brief also names the county it covers; the department is what it is about.
    const name = content.department ? (currentLang() === 'en' && content.department.name_en ? content.department.name_en : content.department.name)
      : content.unit?.name ?? '';
    const heading = element('h3', { className: 'brief-title', textContent: t(shown.kind === 'preview' ? 'briefings.previewTitle' : 'briefings.keptTitle',
      { name, month: content.month }) });
    const { el: body, chartBox } = briefView(content);
    const brief = shown.kind === 'kept'
      ? element('div', {}, heading, keptLine(shown.brief), body, keptSection(shown.brief))
      : element('div', {}, heading, body);
    brief.dataset.testid = 'brief';
    brief.dataset.kind = shown.kind;
    if (shown.kind === 'kept') brief.dataset.briefingId = String(shown.brief.id);
    briefBox.replaceChildren(brief);
    chart = createTrendChart(chartBox);
    chart.setMonths(content.trend);
  }

  function render() {
    renderFrame();
    renderList();
    renderBrief();
  }

  async function refreshList() {
    const s = subject();
    if (!s) return;
    listState = 'loading';
    renderFrame();
    renderList();
    try {
      list = (await listBriefs(s, month)).rows;
      listState = 'ready';
    } catch (err) {
      // The list is new on the server; an older one answers 404 (or refuses the query) for it.
      listState = err instanceof ApiError && (err.status === 404 || err.status === 400) ? 'missing' : 'error';
      if (listState === 'error') console.warn('briefings list:', err);
    }
    renderFrame();
    renderList();
  }

  /** Runs one step with the panel busy; the brief shown after it is what it returns, when it returns one. */
  async function step(run: (signal: AbortSignal) => Promise<Shown | null>, fail: () => string) {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    busy = true;
    message = null;
    if (!shown) state = 'loading';
    render();
    try {
      const next = await run(mine.signal);
      if (request !== mine) return;
      if (next) shown = next;
      state = 'ready';
    } catch (err) {
      if (mine.signal.aborted) return;
      console.warn('briefings:', err);
      message = failure(fail, err);
      state = shown ? 'ready' : 'error';
    } finally {
      if (request === mine) busy = false;
    }
    render();
  }

  const preview = () => step(async (signal) => {
    const s = subject();
    return s ? { kind: 'preview', content: await previewBrief(s, month, signal) } : null;
  }, () => t('briefings.previewFailed'));

  const generate = () => step(async () => {
    const s = subject();
    if (!s) return null;
    const brief = await generateBrief(s, month);
    message = { kind: 'success', text: () => t('briefings.generated') };
    void refreshList();
    return { kind: 'kept', brief };
  }, () => t('briefings.generateFailed'));

  const openKept = (id: number) => step(async (signal) => ({ kind: 'kept', brief: await fetchBrief(id, signal) }), () => t('briefings.openFailed'));

  async function saveMinutes(b: KeptBrief, draft: MinutesDraft) {
    // Decision rows left wholly empty are not decisions; half-filled ones the server refuses with its reason.
    const decisions = draft.decisions.filter((d) => d.title.trim() || d.assignee.trim() || d.due)
      .map((d) => ({ title: d.title.trim(), assignee: d.assignee.trim(), due: d.due }));
    if (!draft.minutes.trim()) return;
    draft.busy = true;
    renderBrief();
    try {
      const updated = await recordMinutes(b.id, draft.minutes.trim(), decisions);
      drafts.set(b.id, { minutes: updated.minutes ?? '', decisions: [emptyDecision()], busy: false });
      if (shown?.kind === 'kept' && shown.brief.id === b.id) shown = { kind: 'kept', brief: updated };
      message = { kind: 'success', text: () => t('briefings.minutesSaved', { n: formatNumber(decisions.length) }) };
      void refreshList();
    } catch (err) {
      draft.busy = false;
      message = failure(() => t('briefings.minutesFailed'), err);
    }
    render();
  }

  async function toggleTask(b: KeptBrief, task: BriefTask, done: boolean) {
    busyTasks.add(task.id);
    renderBrief();
    try {
      const updated = await setTaskStatus(task.id, done ? 'done' : 'open');
      b.tasks = b.tasks.map((x) => (x.id === task.id ? { ...x, ...updated } : x));
      message = null;
      void refreshList();
    } catch (err) {
      message = failure(() => t('briefings.taskFailed'), err);
    } finally {
      busyTasks.delete(task.id);
    }
    render();
  }

  async function loadSubjects(s: Session) {
    renderFrame();
    choices = await briefSubjects(s).catch((err: unknown) => {
      console.warn('briefings subjects:', err);
      return [];
    });
    if (session !== s) return;
    if (!choices.some((c) => c.value === subjectValue)) subjectValue = choices[0]?.value ?? '';
    if (!choices.length) message = { kind: 'error', text: () => t('briefings.noSubject') };
    render();
    void refreshList();
  }

  onLangChange(render);
  render();

  return {
    /** Shows the signed-in user's briefs; the subject picker is filled the first time and after a change of user. */
    show(next: Session) {
      const changed = next.username !== session?.username;
      session = next;
      if (changed) {
        shown = null;
        drafts.clear();
        void loadSubjects(next);
      } else void refreshList();
    },
    hide() {
      request?.abort();
      busy = false;
    },
    get shown(): Shown | null {
      return shown;
    },
  };
}

export type BriefingsPanel = ReturnType<typeof createBriefingsPanel>;
