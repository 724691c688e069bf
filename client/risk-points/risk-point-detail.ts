import { createRiskPointCheck } from '../checklists/risk-point-check.ts';
import type { RiskPointCheck } from '../checklists/checklist-api.ts';
import { ApiError } from '../http/fetch-json.ts';
import { t } from '../i18n/i18n.ts';
import type { createFeaturePanel, PanelState } from '../panel/feature-panel.ts';
import { tileFeatureView } from '../panel/feature-view.ts';
import type { Session } from '../session/session-api.ts';
import { mayRegister } from './risk-register.ts';
import {
  fetchRiskPoint, retireRiskPoint, updateRiskPoint, type RiskPointChanges, type RiskPointFeature,
} from './risk-point-api.ts';
import { localInput, riskPointFields, type RiskPointValues } from './risk-point-fields.ts';
import { riskPointDetailView } from './risk-point-view.ts';
import { DEFAULT_INTERVAL_DAYS, type RiskKind, type RiskLevel } from './risk-register.ts';

type FeaturePanel = ReturnType<typeof createFeaturePanel>;
type Props = Record<string, unknown>;

interface Options {
  session: () => Session | null;
  /** Told after an edit or a retirement, so the map's risk points and four-colour map catch up. */
  onChanged: () => void;
  /** Told after a check on the spot (it may have opened hazards and made the point inspected). */
  onChecked: (check: RiskPointCheck) => void;
  /** Opens a hazard a check opened, as the hazard register does. */
  openHazard: (id: number) => void;
}

interface Message {
  kind: 'error' | 'success';
  /** Kept as a function so the words follow a language switch. */
  text: () => string;
  /** The server's own sentence, shown as given. */
  detail?: string;
  status?: number;
}

interface Shown {
  id: number | string;
  tile: Props | null;
  point: RiskPointFeature | null;
  state: PanelState;
  /** The edit form's values while it is open. */
  editing: RiskPointValues | null;
  intervalTouched: boolean;
  confirmRetire: boolean;
  retired: boolean;
  busy: boolean;
  message: Message | null;
  request: AbortController | null;
}

/**
 * Grid workers, leaders and the chief edit or retire a risk point whose grid lies in their jurisdiction (the server
 * checks the same, RISK_REGISTRARS in server/risk-points/risk-points.ts); others only read it.
 */
const mayEdit = (session: Session | null, gridCode: string) =>
  session !== null && mayRegister(session) && gridCode.startsWith(session.jurisdiction);

function errorMessage(err: unknown): Message {
  if (!(err instanceof ApiError)) return { kind: 'error', text: () => t('riskPoint.error.generic'), detail: err instanceof Error ? err.message : String(err) };
  const text = err.status === 403 || err.status === 404 ? () => t('riskPoint.error.outsideJurisdiction')
    : err.status === 422 ? () => t('riskPoint.error.outsideGrids')
      : () => t('riskPoint.error.generic');
  return { kind: 'error', text, detail: err.message, status: err.status };
}

const valuesOf = (p: RiskPointFeature['properties']): RiskPointValues => ({
  name: p.name, kind: p.kind, level: p.level, interval: String(p.inspection_interval_days), lastInspected: localInput(p.last_inspected_at),
});

/** What the edit form changed, and only that. */
function changes(before: RiskPointValues, after: RiskPointValues, intervalTouched: boolean): RiskPointChanges {
  const c: RiskPointChanges = {};
  if (after.name.trim() !== before.name) c.name = after.name.trim();
  if (after.kind !== before.kind) c.kind = after.kind as RiskKind;
  if (after.level !== before.level) c.level = after.level as RiskLevel;
  if (intervalTouched && after.interval !== before.interval && after.interval) c.inspection_interval_days = Number(after.interval);
  if (after.lastInspected && after.lastInspected !== before.lastInspected) {
    const at = new Date(after.lastInspected);
    if (!Number.isNaN(at.getTime())) c.last_inspected_at = at.toISOString();
  }
  return c;
}

function button(action: string, words: string, className: string, disabled: boolean, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.action = action;
  b.textContent = words;
  b.className = className;
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}

/**
 * A risk point in the feature panel: its details from /api/risk-points/{id} and, for whoever may, an edit form and
 * retiring it (with a confirmation). Hooks: the section `[data-testid="risk-point-actions"][data-busy]`, buttons
 * `button[data-action="edit" | "retire" | "confirm-retire" | "cancel"]`, the form `form[data-form="risk-point-edit"]`,
 * the outcome `[data-testid="risk-point-message"][data-kind][data-status]`; the panel's rows carry data-value.
 */
export function createRiskPointDetail(panel: FeaturePanel, options: Options) {
  let shown: Shown | null = null;
  // The checklist (client/checklists/) for whoever may edit the point: the same people check it on the spot.
  const check = createRiskPointCheck({ onChecked: options.onChecked, openHazard: options.openHazard });

  function messageLine(m: Message): HTMLElement {
    const p = document.createElement('p');
    p.className = 'hazard-message';
    p.dataset.testid = 'risk-point-message';
    p.dataset.kind = m.kind;
    if (m.status) p.dataset.status = String(m.status);
    p.setAttribute('role', m.kind === 'error' ? 'alert' : 'status');
    p.append(m.text());
    if (m.detail) {
      const small = document.createElement('small');
      small.textContent = m.detail;
      p.append(small);
    }
    return p;
  }

  function editForm(s: Shown, point: RiskPointFeature): HTMLFormElement {
    const values = s.editing!;
    const f = document.createElement('form');
    f.className = 'hazard-form risk-point-form';
    f.dataset.form = 'risk-point-edit';
    const title = document.createElement('h4');
    title.textContent = t('riskPoint.editTitle');
    f.append(title, ...riskPointFields(values, {
      busy: s.busy,
      withLastInspection: true,
      onLevel(level) {
        // As the server does: a new level without an interval of one's own takes the level's default.
        if (!s.intervalTouched) values.interval = String(DEFAULT_INTERVAL_DAYS[level as RiskLevel] ?? values.interval);
      },
    }));
    f.querySelector('input[name="inspection_interval_days"]')?.addEventListener('input', () => { s.intervalTouched = true; });
    const buttons = document.createElement('div');
    buttons.className = 'hazard-buttons';
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.className = 'primary';
    submit.textContent = s.busy ? t('riskPoint.busy') : t('riskPoint.save');
    submit.disabled = s.busy;
    buttons.append(button('cancel', t('riskPoint.cancel'), '', s.busy, () => {
      s.editing = null;
      render();
    }), submit);
    f.append(buttons);
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      const c = changes(valuesOf(point.properties), values, s.intervalTouched);
      if (!Object.keys(c).length) {
        s.message = { kind: 'error', text: () => t('riskPoint.nothingChanged') };
        render();
        return;
      }
      void save(s, point.id, c);
    });
    return f;
  }

  function actionsSection(s: Shown, point: RiskPointFeature): HTMLElement {
    const section = document.createElement('section');
    section.className = 'hazard-actions risk-point-actions';
    section.dataset.testid = 'risk-point-actions';
    section.dataset.busy = String(s.busy);
    const title = document.createElement('h3');
    title.textContent = t('riskPoint.actions');
    section.append(title);
    if (s.message) section.append(messageLine(s.message));
    if (s.retired) return section;
    if (s.editing) {
      section.append(editForm(s, point));
      return section;
    }
    if (s.confirmRetire) {
      const confirm = document.createElement('div');
      confirm.className = 'risk-point-confirm';
      confirm.dataset.testid = 'risk-point-retire-confirm';
      const question = document.createElement('p');
      question.textContent = t('riskPoint.retireQuestion', { name: point.properties.name });
      const buttons = document.createElement('div');
      buttons.className = 'hazard-buttons';
      buttons.append(
        button('cancel', t('riskPoint.cancel'), '', s.busy, () => {
          s.confirmRetire = false;
          render();
        }),
        button('confirm-retire', s.busy ? t('riskPoint.busy') : t('riskPoint.confirmRetire'), 'danger', s.busy, () => void retire(s, point.id)),
      );
      confirm.append(question, buttons);
      section.append(confirm);
      return section;
    }
    const buttons = document.createElement('div');
    buttons.className = 'hazard-buttons';
    buttons.append(
      button('edit', t('riskPoint.edit'), 'primary', s.busy, () => {
        s.editing = valuesOf(point.properties);
        s.intervalTouched = false;
        s.message = null;
        render();
      }),
      button('retire', t('riskPoint.retire'), 'danger', s.busy, () => {
        s.confirmRetire = true;
        s.message = null;
        render();
      }),
    );
    section.append(buttons);
    return section;
  }

  function render() {
    const s = shown;
    if (!s) return;
    panel.show('risk_point', s.id, () => {
      if (!s.point) return tileFeatureView('risk_point', s.tile ?? {});
      const view = riskPointDetailView(s.point.properties);
      const editable = !s.retired && mayEdit(options.session(), s.point.properties.grid_code);
      const sections = editable || s.message ? [actionsSection(s, s.point)] : [];
      if (editable) sections.push(check.section(s.point.id));
      return { ...view, sections };
    }, s.state);
  }

  /** One change to the point: busy meanwhile, then the outcome in the panel, and the map told on success. */
  async function change(s: Shown, run: () => Promise<void>, done: 'riskPoint.saved' | 'riskPoint.retired') {
    s.busy = true;
    s.message = null;
    render();
    try {
      await run();
      if (shown !== s) return;
      s.message = { kind: 'success', text: () => t(done) };
      options.onChanged();
    } catch (err) {
      if (shown !== s) return;
      s.message = errorMessage(err);
    } finally {
      s.busy = false;
    }
    if (shown === s) render();
  }

  const save = (s: Shown, id: number, c: RiskPointChanges) => change(s, async () => {
    const updated = await updateRiskPoint(id, c);
    if (shown !== s) return;
    s.point = updated;
    s.editing = null;
  }, 'riskPoint.saved');

  const retire = (s: Shown, id: number) => change(s, async () => {
    await retireRiskPoint(id);
    if (shown !== s) return;
    s.retired = true;
    s.confirmRetire = false;
  }, 'riskPoint.retired');

  function load(s: Shown) {
    s.request?.abort();
    const request = new AbortController();
    s.request = request;
    fetchRiskPoint(s.id, request.signal).then(
      (point) => {
        if (shown !== s || s.request !== request) return;
        s.point = point;
        s.state = 'ready';
        render();
      },
      (err: unknown) => {
        if (request.signal.aborted || shown !== s) return;
        console.warn('risk point details:', err);
        s.state = 'error';
        render();
      },
    );
  }

  const fresh = (id: number | string, tile: Props | null, point: RiskPointFeature | null): Shown => ({
    id, tile, point, state: point ? 'ready' : 'loading', editing: null, intervalTouched: false, confirmRetire: false,
    retired: false, busy: false, message: null, request: null,
  });

  return {
    /** A clicked risk point: its tile attributes at once, the register's details when they arrive. */
    open(id: number | string, tile: Props) {
      shown?.request?.abort();
      shown = fresh(id, tile, null);
      render();
      load(shown);
    },
    /** A risk point already in hand (just registered), with a word that it was. */
    show(point: RiskPointFeature) {
      shown?.request?.abort();
      shown = fresh(point.id, null, point);
      shown.message = { kind: 'success', text: () => t('riskPoint.created') };
      render();
    },
    close() {
      shown?.request?.abort();
      shown = null;
      check.close();
    },
    /** Asks again: who may edit depends on who is signed in. */
    reload() {
      if (!shown || shown.retired) return;
      shown = fresh(shown.id, shown.tile ?? (shown.point ? { ...shown.point.properties } : null), null);
      render();
      load(shown);
    },
  };
}
