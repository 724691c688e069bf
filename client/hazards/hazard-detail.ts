import { ApiError } from '../http/fetch-json.ts';
import { t, tValue } from '../i18n/i18n.ts';
import type { createFeaturePanel, PanelState } from '../panel/feature-panel.ts';
import { tileFeatureView } from '../panel/feature-view.ts';
import { createWhistleSection } from '../whistles/whistle-section.ts';
import { fetchHazard, transitionHazard, type HazardAction, type HazardFeature, type TransitionInput } from './hazard-api.ts';
import { hazardDetailView } from './hazard-detail-view.ts';
import { hazardMessageElement, type HazardMessage } from './hazard-message.ts';

type FeaturePanel = ReturnType<typeof createFeaturePanel>;
type Props = Record<string, unknown>;

interface Options {
  /** Who is signed in: whoever rectified a hazard may not accept it too. */
  username: () => string | undefined;
  /** Told after every step a hazard takes here, so the map and the figures can catch up. */
  onChanged: (hazard: HazardFeature) => void;
}

/** Actions that need more than a click: the five fixes of an assignment, the reason for a rejection. */
type FormName = 'assign' | 'reject';
const FIVE_FIX_FIELDS = ['responsible', 'measures', 'deadline', 'funds', 'acceptor'] as const;
type FieldName = (typeof FIVE_FIX_FIELDS)[number] | 'reason' | 'note';

interface Shown {
  id: number | string;
  tile: Props | null;
  hazard: HazardFeature | null;
  state: PanelState;
  form: FormName | null;
  /** What has been typed into the forms and the note, surviving redraws. */
  values: Record<string, string>;
  message: HazardMessage | null;
  busy: boolean;
  request: AbortController | null;
}

/** A local date-time for an <input type="datetime-local">, from an ISO time. */
function localInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function errorMessage(err: unknown, action: HazardAction): HazardMessage {
  if (!(err instanceof ApiError)) {
    const detail = err instanceof Error ? err.message : String(err);
    return { kind: 'error', text: () => t('hazard.error.generic'), detail };
  }
  const base = { kind: 'error' as const, detail: err.message, status: err.status };
  if (err.status === 409 && err.code === 'illegal_transition') {
    const d = err.details as { status?: string; allowed?: string[] } | undefined;
    return { ...base, text: () => t('hazard.error.illegal', {
      status: tValue('status', d?.status),
      allowed: d?.allowed?.length ? d.allowed.map((a) => tValue('hazardAction', a)).join(t('hazard.listSeparator')) : t('hazard.noActions'),
    }) };
  }
  if (err.status === 403) return { ...base, text: () => (action === 'accept' ? t('hazard.error.acceptSelf') : t('hazard.error.forbidden')) };
  return { ...base, text: () => t('hazard.error.generic') };
}

/**
 * A hazard in the feature panel: its details from /api/hazards/{id} with its history, and a button for each action
 * the server allows next. Assigning asks for the five fixes, rejecting for a reason; a refusal (409, 403) is shown
 * with the server's words, and a 409 reloads the hazard so the buttons match where it really stands. The whistle
 * (吹哨: departments summoned, their answers) has its own section, client/whistles/whistle-section.ts.
 */
export function createHazardDetail(panel: FeaturePanel, options: Options) {
  let shown: Shown | null = null;
  // The whistle (吹哨) keeps its own forms and messages; a step there answers with the hazard as it now stands.
  const whistle = createWhistleSection({
    render: () => render(),
    update(hazard, changed) {
      const s = shown;
      if (!s || s.hazard?.id !== hazard.id) return;
      s.hazard = hazard;
      if (changed) {
        s.message = null;
        options.onChanged(hazard);
      }
      render();
    },
  });

  function labelled(s: Shown, name: FieldName, type: string, required: boolean, multiline = false): HTMLLabelElement {
    const label = document.createElement('label');
    const field = multiline ? document.createElement('textarea') : document.createElement('input');
    field.name = name;
    if (field instanceof HTMLInputElement) field.type = type;
    else field.rows = 2;
    field.required = required;
    field.value = s.values[name] ?? '';
    field.disabled = s.busy;
    field.addEventListener('input', () => { s.values[name] = field.value; });
    label.append(t(`hazard.field.${name}`), field);
    return label;
  }

  function form(s: Shown, name: FormName): HTMLFormElement {
    const f = document.createElement('form');
    f.dataset.form = name;
    f.className = 'hazard-form';
    const title = document.createElement('h4');
    title.textContent = t(name === 'assign' ? 'hazard.form.assign' : 'hazard.form.reject');
    f.append(title);
    if (name === 'assign') {
      for (const field of FIVE_FIX_FIELDS) {
        f.append(labelled(s, field, field === 'deadline' ? 'datetime-local' : 'text', true, field === 'measures'));
      }
    } else {
      f.append(labelled(s, 'reason', 'text', true, true));
    }
    const buttons = document.createElement('div');
    buttons.className = 'hazard-buttons';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.dataset.action = 'cancel';
    cancel.textContent = t('hazard.cancel');
    cancel.disabled = s.busy;
    cancel.addEventListener('click', () => {
      s.form = null;
      render();
    });
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.className = name === 'reject' ? 'danger' : 'primary';
    submit.textContent = t(name === 'assign' ? 'hazard.submit.assign' : 'hazard.submit.reject');
    submit.disabled = s.busy;
    buttons.append(cancel, submit);
    f.append(buttons);
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      if (name === 'reject') {
        void act(s, { action: 'reject', reason: s.values.reason?.trim() });
        return;
      }
      const deadline = new Date(s.values.deadline ?? '');
      void act(s, {
        action: 'assign',
        responsible: s.values.responsible?.trim(),
        measures: s.values.measures?.trim(),
        deadline: Number.isNaN(deadline.getTime()) ? undefined : deadline.toISOString(),
        funds: s.values.funds?.trim(),
        acceptor: s.values.acceptor?.trim(),
      });
    });
    return f;
  }

  function actionsSection(s: Shown, h: HazardFeature): HTMLElement {
    const section = document.createElement('section');
    section.className = 'hazard-actions';
    section.dataset.testid = 'hazard-actions';
    section.dataset.busy = s.busy ? 'true' : 'false';
    const title = document.createElement('h3');
    title.textContent = t('hazard.actions');
    section.append(title);

    if (s.message) section.append(hazardMessageElement(s.message, 'hazard-message'));

    // The state's next steps, and those of them this person may take (the server says which; it refuses the rest).
    const allowed = h.properties.allowed_actions;
    const mine = h.properties.actor_actions ?? allowed;
    const hint = (key: 'hazard.noActions' | 'hazard.othersAct' | 'hazard.error.acceptSelf', testid?: string) => {
      const p = document.createElement('p');
      p.className = 'hint';
      if (testid) p.dataset.testid = testid;
      p.textContent = t(key, { actions: allowed.map((a) => tValue('hazardAction', a)).join(t('hazard.listSeparator')) });
      return p;
    };
    // Whoever rectified may not accept: say so rather than leave them wondering where the button went.
    const selfAccept = allowed.includes('accept') && h.properties.rectified_by !== null && h.properties.rectified_by === options.username();
    if (allowed.length === 0) {
      section.append(hint('hazard.noActions'));
      return section;
    }
    if (mine.length === 0) {
      section.append(hint('hazard.othersAct', 'others-act-hint'));
      if (selfAccept) section.append(hint('hazard.error.acceptSelf', 'accept-self-hint'));
      return section;
    }
    if (s.form) {
      section.append(form(s, s.form));
      return section;
    }
    section.append(labelled(s, 'note', 'text', false, true));
    const buttons = document.createElement('div');
    buttons.className = 'hazard-buttons';
    for (const action of mine) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.action = action;
      b.textContent = tValue('hazardAction', action);
      b.className = action === 'reject' ? 'danger' : action === 'accept' || action === 'assign' ? 'primary' : '';
      b.disabled = s.busy;
      b.addEventListener('click', () => {
        if (action === 'assign' || action === 'reject') {
          s.form = action;
          s.message = null;
          if (action === 'assign' && !s.values.deadline && h.properties.deadline) s.values.deadline = localInput(h.properties.deadline);
          render();
          return;
        }
        void act(s, { action, note: s.values.note?.trim() || undefined });
      });
      buttons.append(b);
    }
    section.append(buttons);
    if (selfAccept) section.append(hint('hazard.error.acceptSelf', 'accept-self-hint'));
    return section;
  }

  function render() {
    const s = shown;
    if (!s) return;
    panel.show('hazard', s.id, () => {
      if (!s.hazard) return tileFeatureView('hazard', s.tile ?? {});
      const view = hazardDetailView(s.hazard.properties);
      const summons = whistle.section(s.hazard);
      return { ...view, sections: [...(view.sections ?? []), ...(summons ? [summons] : []), actionsSection(s, s.hazard)] };
    }, s.state);
  }

  async function act(s: Shown, input: TransitionInput) {
    const id = s.hazard?.id;
    if (id === undefined || s.busy) return;
    const note = input.action === 'assign' || input.action === 'reject' ? s.values.note?.trim() || undefined : input.note;
    s.busy = true;
    s.message = null;
    render();
    try {
      const updated = await transitionHazard(id, { ...input, note });
      if (shown !== s) return;
      s.hazard = updated;
      s.form = null;
      s.values = {};
      s.message = { kind: 'success', text: () => t('hazard.done', { action: tValue('hazardEvent', input.action) }) };
      options.onChanged(updated);
    } catch (err) {
      if (shown !== s) return;
      s.message = errorMessage(err, input.action);
      // Someone else moved the hazard on: show where it stands now, with the message saying why nothing happened.
      if (err instanceof ApiError && err.status === 409) {
        try {
          s.hazard = await fetchHazard(id);
          s.form = null;
        } catch (reloadErr) {
          console.warn('hazard reload:', reloadErr);
        }
      }
    } finally {
      s.busy = false;
    }
    if (shown === s) render();
  }

  function load(s: Shown) {
    s.request?.abort();
    const request = new AbortController();
    s.request = request;
    fetchHazard(s.id, request.signal).then(
      (hazard) => {
        if (shown !== s || s.request !== request) return;
        s.hazard = hazard;
        s.state = 'ready';
        render();
      },
      (err: unknown) => {
        if (request.signal.aborted || shown !== s) return;
        console.warn('hazard details:', err);
        s.state = 'error';
        render();
      },
    );
  }

  const fresh = (id: number | string, tile: Props | null, hazard: HazardFeature | null): Shown =>
    ({ id, tile, hazard, state: hazard ? 'ready' : 'loading', form: null, values: {}, message: null, busy: false, request: null });

  return {
    /** A clicked hazard: its tile attributes at once, the details when they arrive. */
    open(id: number | string, tile: Props) {
      shown?.request?.abort();
      whistle.reset();
      shown = fresh(id, tile, null);
      render();
      load(shown);
    },
    /** A hazard already in hand (just reported). */
    show(hazard: HazardFeature) {
      shown?.request?.abort();
      whistle.reset();
      shown = fresh(hazard.id, null, hazard);
      render();
    },
    /** Forgets the hazard; the panel itself is closed by whoever asked. */
    close() {
      shown?.request?.abort();
      whistle.reset();
      shown = null;
    },
    /** Asks again: the actions allowed depend on who is signed in. */
    reload() {
      if (!shown) return;
      whistle.reset();
      shown = fresh(shown.id, shown.tile ?? (shown.hazard ? { ...shown.hazard.properties } : null), null);
      render();
      load(shown);
    },
    get current(): HazardFeature | null {
      return shown?.hazard ?? null;
    },
  };
}
