import type * as maplibregl from 'maplibre-gl';
import { ApiError } from '../http/fetch-json.ts';
import { onLangChange, t } from '../i18n/i18n.ts';
import { draftButtons, draftErrorElement, type DraftError } from '../panel/draft-form-parts.ts';
import type { Session } from '../session/session-api.ts';
import { mayRegister } from './risk-register.ts';
import { drawDraftPoint } from './draft-point.ts';
import { createRiskPoint, type RiskPointFeature } from './risk-point-api.ts';
import { riskPointFields, type RiskPointValues } from './risk-point-fields.ts';
import { RISK_LEVEL_COLOURS } from './risk-point-layers.ts';
import type { RiskKind, RiskLevel } from './risk-register.ts';

interface Options {
  /** Told when registering starts, so the feature panel and other modes make way. */
  onStart: () => void;
  /** Told with the new risk point as the server answered it (201). */
  onCreated: (point: RiskPointFeature) => void;
}

interface Draft {
  at: [number, number] | null;
  values: RiskPointValues;
  busy: boolean;
  error: DraftError | null;
}

function createError(err: unknown): NonNullable<Draft['error']> {
  if (!(err instanceof ApiError)) return { text: () => t('riskPoint.error.generic'), detail: String(err instanceof Error ? err.message : err), status: 0 };
  const text = err.status === 403 ? () => t('riskPoint.error.outsideJurisdiction')
    : err.status === 422 ? () => t('riskPoint.error.outsideGrids')
      : () => t('riskPoint.error.generic');
  return { text, detail: err.message, status: err.status };
}

const colourOf = (level: string) => RISK_LEVEL_COLOURS[level as RiskLevel] ?? '#888888';

/**
 * Registering a risk point (登记风险点): the top-bar button opens a form, a click on the map puts the point, and the
 * form (name, kind, level, interval) posts it. Anyone signed in may, within their jurisdiction (the server checks
 * the grid holding the point). While the form is open, clicks on the map are its own (`capturesClicks`).
 * Hooks: `#risk-point-add` with data-point (`none`, `set`) and data-busy; the form `form[data-form="risk-point-add"]`,
 * the outcome `[data-testid="risk-point-add-error"][data-status]`.
 */
export function createRiskPointAdd(el: HTMLElement, button: HTMLButtonElement, map: maplibregl.Map, options: Options) {
  let session: Session | null = null;
  let draft: Draft | null = null;

  function renderButton() {
    button.hidden = !session || !mayRegister(session);
    button.textContent = t('riskPoint.addButton');
    button.title = t('riskPoint.addButtonTitle');
    button.setAttribute('aria-pressed', String(draft !== null));
  }

  function renderForm(d: Draft): HTMLFormElement {
    const form = document.createElement('form');
    form.dataset.form = 'risk-point-add';
    const title = document.createElement('h2');
    title.textContent = t('riskPoint.addTitle');
    const where = document.createElement('p');
    where.dataset.testid = 'risk-point-location';
    where.className = d.at ? 'report-where' : 'hint report-where';
    where.textContent = d.at ? t('riskPoint.at', { lon: d.at[0].toFixed(6), lat: d.at[1].toFixed(6) }) : t('riskPoint.pick');

    const fields = riskPointFields(d.values, {
      busy: d.busy,
      withLastInspection: false,
      onLevel: (level) => drawDraftPoint(map, d.at, colourOf(level)),
    });

    const message = draftErrorElement(d.error, 'risk-point-add-error');
    const buttons = draftButtons({ cancel: t('riskPoint.cancel'), submit: d.busy ? t('riskPoint.busy') : t('riskPoint.create'), busy: d.busy,
      ready: d.at !== null, onCancel: stop });

    form.append(title, where, ...fields, message, buttons);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void submitDraft(d);
    });
    return form;
  }

  function render() {
    renderButton();
    el.hidden = !draft;
    el.dataset.point = draft?.at ? 'set' : 'none';
    el.dataset.busy = String(draft?.busy ?? false);
    el.replaceChildren(...(draft ? [renderForm(draft)] : []));
  }

  async function submitDraft(d: Draft) {
    const v = d.values;
    if (!d.at || d.busy || !v.name.trim() || !v.kind || !v.level) return;
    d.busy = true;
    d.error = null;
    render();
    try {
      const point = await createRiskPoint(d.at, {
        name: v.name.trim(),
        kind: v.kind as RiskKind,
        level: v.level as RiskLevel,
        ...(v.interval ? { inspection_interval_days: Number(v.interval) } : {}),
      });
      if (draft !== d) return;
      stop();
      options.onCreated(point);
    } catch (err) {
      if (draft !== d) return;
      d.busy = false;
      d.error = createError(err);
      render();
    }
  }

  function start() {
    if (!session || !mayRegister(session)) return;
    options.onStart();
    draft = { at: null, values: { name: '', kind: '', level: '', interval: '', lastInspected: '' }, busy: false, error: null };
    map.getCanvas().style.cursor = 'crosshair';
    render();
  }

  function stop() {
    draft = null;
    drawDraftPoint(map, null, '');
    map.getCanvas().style.cursor = '';
    render();
  }

  button.addEventListener('click', () => (draft ? stop() : start()));
  map.on('click', (e) => {
    if (!draft || draft.busy) return;
    draft.at = [e.lngLat.lng, e.lngLat.lat];
    draft.error = null;
    drawDraftPoint(map, draft.at, colourOf(draft.values.level));
    render();
  });
  map.on('mousemove', () => {
    if (draft) map.getCanvas().style.cursor = 'crosshair';
  });
  onLangChange(render);
  render();

  return {
    setSession(next: Session | null) {
      session = next;
      if (!session && draft) stop();
      else render();
    },
    /** Closes the form, if open (another mode that takes map clicks is starting). */
    stop() {
      if (draft) stop();
    },
    /** True while the form is open: a click on the map puts the risk point. */
    get capturesClicks(): boolean {
      return draft !== null;
    },
  };
}
