import { element } from '../dashboard/element.ts';
import { t } from '../i18n/i18n.ts';
import { listPeople, type Person } from './disaster-api.ts';

/** A search waits for typing to pause. */
const SEARCH_DELAY_MS = 250;

export interface PersonChoice {
  id: number;
  name: string;
}

/**
 * A person to give a task (or a re-check) to: the chosen one, and a name search over the people who answer for
 * `unit` (GET /api/people). Hooks: `[data-testid="person-picker"][data-person-id]`, `input[name="person_search"]`,
 * `[data-testid="person-options"][data-state] button[data-person-id]`.
 */
export function createPersonPicker(unit: string, initial: PersonChoice | null, onPick?: (p: PersonChoice | null) => void) {
  let chosen = initial;
  let timer = 0;
  let pending: AbortController | null = null;
  const current = element('span', { className: 'person-chosen' });
  const search = element('input', { type: 'search', name: 'person_search', placeholder: t('disaster.personSearch') });
  const options = element('ul', { className: 'person-options' });
  options.dataset.testid = 'person-options';
  options.dataset.state = 'idle';
  const el = element('div', { className: 'person-picker' }, current, search, options);
  el.dataset.testid = 'person-picker';

  function renderChosen() {
    el.dataset.personId = chosen ? String(chosen.id) : '';
    current.textContent = chosen ? t('disaster.personChosen', { name: chosen.name }) : t('disaster.personNone');
  }

  function renderOptions(people: Person[]) {
    options.replaceChildren(...people.map((p) => {
      const b = element('button', { type: 'button', textContent: `${p.name} · ${p.phone ?? '—'} · ${p.grid_code ?? p.jurisdiction}` });
      b.dataset.personId = String(p.id);
      b.addEventListener('click', () => {
        chosen = { id: p.id, name: p.name };
        renderChosen();
        options.replaceChildren();
        onPick?.(chosen);
      });
      return element('li', {}, b);
    }));
    if (!people.length) options.append(element('li', { className: 'hint', textContent: t('disaster.personNoneFound') }));
  }

  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    const name = search.value.trim();
    if (!name) {
      options.replaceChildren();
      return;
    }
    timer = window.setTimeout(async () => {
      pending?.abort();
      const request = new AbortController();
      pending = request;
      options.dataset.state = 'loading';
      try {
        const { people } = await listPeople({ unit, name }, request.signal);
        if (pending !== request) return;
        options.dataset.state = 'ready';
        renderOptions(people);
      } catch (err) {
        if (request.signal.aborted) return;
        options.dataset.state = 'error';
        options.replaceChildren(element('li', { className: 'error', textContent: err instanceof Error ? err.message : String(err) }));
      }
    }, SEARCH_DELAY_MS);
  });
  renderChosen();

  return {
    el,
    get chosen(): PersonChoice | null {
      return chosen;
    },
  };
}
