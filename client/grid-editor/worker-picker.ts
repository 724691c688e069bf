import { t } from '../i18n/i18n.ts';
import { listWorkers, type Person } from './grid-edit-api.ts';

/** The worker chosen for a grid, with what the picker shows of them. */
export interface WorkerChoice {
  id: number;
  name: string;
  phone: string | null;
  /** The live grid they work now, if any. */
  grid_code: string | null;
}

/** A search is sent once typing pauses, not on every keystroke. */
const SEARCH_DELAY_MS = 250;
/** Group codes are 15 digits; the township is their first 9. */
const townshipOf = (group: string) => group.slice(0, 9);

/**
 * The grid worker field: who is chosen (name, phone, the grid they work now), a list to choose from and a name
 * search. Without a search the list is the workers of the grid's village group; a search looks for the name across
 * the group's township (or the planner's whole jurisdiction while the group is not known yet). "No worker" is
 * always the first choice. The list's state survives the editor's redraws (the card is rebuilt on every tool
 * change); answers arriving later only redraw the picker itself, so typing elsewhere is never interrupted.
 *
 * For tests: `[data-testid="worker-picker"]` with `data-worker-id` (the choice, empty for none), the search
 * `input[name="worker_search"]`, and `[data-testid="worker-options"]` (`data-state` loading, ready or error) of
 * `button[data-worker-id]` (`none` for no worker).
 */
export function createWorkerPicker() {
  let group: string | null = null;
  let query = '';
  let people: Person[] = [];
  let state: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  let error = '';
  let pending: AbortController | null = null;
  let timer = 0;
  /** Which list the answer in hand is for, so a redraw does not ask again. */
  let loadedFor = '';

  // The picker on screen now, and the values it writes to.
  let box: HTMLElement | null = null;
  let target: { worker: WorkerChoice | null } | null = null;
  let ownGrid: string | null = null;

  const wanted = () => `${group ?? ''}|${query.trim()}`;

  async function load() {
    const key = wanted();
    if (key === loadedFor && state !== 'error') return;
    pending?.abort();
    const request = new AbortController();
    pending = request;
    state = 'loading';
    draw();
    const name = query.trim();
    const unit = name ? (group ? townshipOf(group) : undefined) : (group ?? undefined);
    try {
      // Without a group and without a name there is nothing narrow enough to list.
      people = unit || name ? (await listWorkers({ unit, name: name || undefined }, request.signal)).people : [];
      loadedFor = key;
      state = 'ready';
    } catch (err) {
      if (request.signal.aborted) return;
      error = (err as Error).message;
      state = 'error';
    } finally {
      if (pending === request) pending = null;
    }
    draw();
  }

  function choose(choice: WorkerChoice | null) {
    if (!target) return;
    target.worker = choice;
    draw();
  }

  function describe(p: { name: string; phone: string | null; grid_code: string | null }): string[] {
    const where = p.grid_code === null
      ? t('editor.worker.noGrid')
      : p.grid_code === ownGrid ? t('editor.worker.thisGrid') : t('editor.worker.grid', { code: p.grid_code });
    return [p.name, p.phone ?? t('editor.worker.noPhone'), where];
  }

  function option(id: string, parts: string[], chosen: boolean, onClick: () => void): HTMLLIElement {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.workerId = id;
    b.setAttribute('role', 'option');
    b.setAttribute('aria-selected', String(chosen));
    const [name, ...rest] = parts;
    const strong = document.createElement('strong');
    strong.textContent = name;
    b.append(strong);
    for (const part of rest) {
      const span = document.createElement('span');
      span.textContent = part;
      b.append(span);
    }
    b.addEventListener('click', onClick);
    li.append(b);
    return li;
  }

  /** Redraws the picker on screen (if any) from the state and the current choice. */
  function draw() {
    if (!box || !target) return;
    const chosen = target.worker;
    box.dataset.workerId = chosen ? String(chosen.id) : '';

    const current = box.querySelector<HTMLElement>('[data-testid="worker-chosen"]')!;
    current.textContent = chosen ? describe(chosen).join(' · ') : t('editor.worker.none');
    current.classList.toggle('empty', !chosen);

    const scope = box.querySelector<HTMLElement>('[data-testid="worker-scope"]')!;
    const name = query.trim();
    scope.textContent = name
      ? (group ? t('editor.worker.searchTownship', { township: townshipOf(group), name }) : t('editor.worker.searchAll', { name }))
      : (group ? t('editor.worker.ofGroup', { group }) : t('editor.worker.noGroup'));

    const list = box.querySelector<HTMLElement>('[data-testid="worker-options"]')!;
    list.dataset.state = state;
    const items: HTMLElement[] = [option('none', [t('editor.worker.unassign')], chosen === null, () => choose(null))];
    for (const p of people) {
      items.push(option(String(p.id), describe(p), chosen?.id === p.id,
        () => choose({ id: p.id, name: p.name, phone: p.phone, grid_code: p.grid_code })));
    }
    const note = document.createElement('li');
    note.className = 'hint';
    if (state === 'loading') note.textContent = t('editor.worker.loading');
    else if (state === 'error') note.textContent = t('editor.worker.error', { message: error });
    else if (state === 'ready' && people.length === 0 && (group || name)) note.textContent = t('editor.worker.nobody');
    if (note.textContent) items.push(note);
    list.replaceChildren(...items);
  }

  return {
    /** The village group of the grid being edited (null while a new grid's is not known); lists its workers. */
    setGroup(code: string | null) {
      if (code === group) return;
      group = code;
      if (box) void load();
    },
    /**
     * The picker as a form field, writing the choice into `values.worker`. `gridCode` is the grid being edited,
     * so its own worker reads "this grid" rather than its code.
     */
    element(values: { worker: WorkerChoice | null }, gridCode: string | null = null): HTMLElement {
      target = values;
      ownGrid = gridCode;
      box = document.createElement('div');
      box.className = 'worker-picker';
      box.dataset.testid = 'worker-picker';

      const label = document.createElement('span');
      label.className = 'worker-label';
      label.textContent = t('editor.field.worker');
      const current = document.createElement('p');
      current.className = 'worker-chosen';
      current.dataset.testid = 'worker-chosen';

      const search = document.createElement('input');
      search.type = 'search';
      search.name = 'worker_search';
      search.value = query;
      search.placeholder = t('editor.worker.searchPlaceholder');
      search.maxLength = 20;
      search.autocomplete = 'off';
      search.addEventListener('input', () => {
        query = search.value;
        clearTimeout(timer);
        timer = window.setTimeout(() => void load(), SEARCH_DELAY_MS);
      });

      const scope = document.createElement('p');
      scope.className = 'hint';
      scope.dataset.testid = 'worker-scope';
      const list = document.createElement('ul');
      list.className = 'worker-options';
      list.dataset.testid = 'worker-options';
      list.setAttribute('role', 'listbox');
      list.setAttribute('aria-label', t('editor.field.worker'));

      box.append(label, current, search, scope, list);
      draw();
      void load();
      return box;
    },
    /** A fresh start when a tool opens: no search, and who works which grid asked again (a save may have changed it). */
    reset() {
      query = '';
      loadedFor = '';
    },
    /** The picker is off screen (the tool closed): answers still arriving are dropped. */
    detach() {
      clearTimeout(timer);
      pending?.abort();
      pending = null;
      if (state === 'loading') state = 'idle';
      box = null;
      target = null;
    },
  };
}

export type WorkerPicker = ReturnType<typeof createWorkerPicker>;
