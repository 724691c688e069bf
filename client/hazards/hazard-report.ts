import type { Feature } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { ApiError } from '../http/fetch-json.ts';
import { currentLang, onLangChange, t, tValue } from '../i18n/i18n.ts';
import { draftButtons, draftErrorElement, type DraftError } from '../panel/draft-form-parts.ts';
import type { Session } from '../session/session-api.ts';
import { reportHazard, type HazardFeature, type Severity } from './hazard-api.ts';
import { categoriesByIndustry, hazardCategory } from './hazard-categories.ts';
import { HAZARD_SEVERITY_COLOURS } from './hazard-layers.ts';

const SEVERITIES: Severity[] = ['minor', 'general', 'major'];
/** The spot being reported, drawn above everything while the form is open. */
const DRAFT_SOURCE = 'hazard-draft';
const DRAFT_LAYER = 'hazard-draft-point';

interface Options {
  /** Told when reporting starts, so the feature panel makes way. */
  onStart: () => void;
  /** Told with the new hazard as the server answered it (201). */
  onReported: (hazard: HazardFeature) => void;
}

interface Draft {
  at: [number, number] | null;
  category: string;
  severity: Severity;
  description: string;
  busy: boolean;
  error: DraftError | null;
}

function reportError(err: unknown): NonNullable<Draft['error']> {
  if (!(err instanceof ApiError)) return { text: () => t('report.error.generic'), detail: String(err instanceof Error ? err.message : err), status: 0 };
  const text = err.status === 403 ? () => t('report.error.outsideJurisdiction')
    : err.status === 422 ? () => t('report.error.outsideGrids')
      : () => t('report.error.generic');
  return { text, detail: err.message, status: err.status };
}

/**
 * Reporting a hazard (上报隐患): the button in the top bar opens a form, a click on the map puts the spot, the
 * category is picked from the checklist by industry (its usual severity preselected), and the report is posted.
 * While the form is open, clicks on the map are its own: `capturesClicks` tells the feature panel to leave them.
 * The form is `#hazard-report form` with `select[name=category]`, `select[name=severity]`, `textarea[name=description]`.
 */
export function createHazardReport(el: HTMLElement, button: HTMLButtonElement, map: maplibregl.Map, options: Options) {
  let session: Session | null = null;
  let draft: Draft | null = null;

  function drawDraft() {
    const at = draft?.at;
    const source = map.getSource(DRAFT_SOURCE) as maplibregl.GeoJSONSource | undefined;
    if (!at) {
      if (map.getLayer(DRAFT_LAYER)) map.removeLayer(DRAFT_LAYER);
      if (source) map.removeSource(DRAFT_SOURCE);
      return;
    }
    const data: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } };
    if (source) {
      source.setData(data);
      return;
    }
    map.addSource(DRAFT_SOURCE, { type: 'geojson', data });
    map.addLayer({
      id: DRAFT_LAYER,
      type: 'circle',
      source: DRAFT_SOURCE,
      paint: {
        'circle-radius': 8,
        'circle-color': HAZARD_SEVERITY_COLOURS[draft?.severity ?? 'general'],
        'circle-stroke-color': '#111111',
        'circle-stroke-width': 2.5,
      },
    });
  }

  function paintDraft() {
    if (draft && map.getLayer(DRAFT_LAYER)) map.setPaintProperty(DRAFT_LAYER, 'circle-color', HAZARD_SEVERITY_COLOURS[draft.severity]);
  }

  function renderButton() {
    button.hidden = !session;
    button.textContent = t('report.button');
    button.setAttribute('aria-pressed', draft ? 'true' : 'false');
  }

  function select(name: string, choices: HTMLElement[], value: string, onChange: (v: string) => void, disabled: boolean) {
    const s = document.createElement('select');
    s.name = name;
    s.required = true;
    s.disabled = disabled;
    s.append(...choices);
    s.value = value;
    s.addEventListener('change', () => onChange(s.value));
    return s;
  }

  function option(value: string, words: string): HTMLOptionElement {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = words;
    return o;
  }

  function renderForm(d: Draft) {
    const form = document.createElement('form');
    const title = document.createElement('h2');
    title.textContent = t('report.title');

    const where = document.createElement('p');
    where.dataset.testid = 'report-location';
    where.className = d.at ? 'report-where' : 'hint report-where';
    where.textContent = d.at ? t('report.at', { lon: d.at[0].toFixed(6), lat: d.at[1].toFixed(6) }) : t('report.pick');

    const en = currentLang() === 'en';
    const groups = [...categoriesByIndustry()].map(([industry, categories]) => {
      const g = document.createElement('optgroup');
      g.label = tValue('industry', industry);
      g.append(...categories.map((c) => option(c.code, en ? c.en : c.zh)));
      return g;
    });
    const category = document.createElement('label');
    category.append(t('report.category'), select('category', [option('', t('report.choose')), ...groups], d.category, (v) => {
      d.category = v;
      const usual = hazardCategory(v)?.severity;
      if (usual) d.severity = usual; // the checklist's usual grading; still the reporter's to change
      paintDraft();
      render();
    }, d.busy));

    const severity = document.createElement('label');
    severity.append(t('report.severity'), select('severity', SEVERITIES.map((s) => option(s, tValue('severity', s))), d.severity, (v) => {
      d.severity = v as Severity;
      paintDraft();
    }, d.busy));
    const usual = document.createElement('small');
    usual.textContent = t(`report.severityHint.${d.severity}`);
    severity.append(usual);

    const description = document.createElement('label');
    const text = document.createElement('textarea');
    text.name = 'description';
    text.rows = 3;
    text.maxLength = 2000;
    text.placeholder = t('report.descriptionPlaceholder');
    text.value = d.description;
    text.disabled = d.busy;
    text.addEventListener('input', () => { d.description = text.value; });
    description.append(t('report.description'), text);

    const message = draftErrorElement(d.error, 'report-error');
    const buttons = draftButtons({ cancel: t('report.cancel'), submit: d.busy ? t('report.busy') : t('report.submit'), busy: d.busy,
      ready: d.at !== null, onCancel: stop });

    form.append(title, where, category, severity, description, message, buttons);
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
    el.dataset.busy = draft?.busy ? 'true' : 'false';
    el.replaceChildren(...(draft ? [renderForm(draft)] : []));
  }

  async function submitDraft(d: Draft) {
    if (!d.at || d.busy || !d.category) return;
    d.busy = true;
    d.error = null;
    render();
    try {
      const hazard = await reportHazard(d.at, { category: d.category, severity: d.severity, description: d.description.trim() || undefined });
      if (draft !== d) return;
      stop();
      options.onReported(hazard);
    } catch (err) {
      if (draft !== d) return;
      d.busy = false;
      d.error = reportError(err);
      render();
    }
  }

  function start() {
    if (!session) return;
    options.onStart();
    draft = { at: null, category: '', severity: 'general', description: '', busy: false, error: null };
    map.getCanvas().style.cursor = 'crosshair';
    render();
  }

  function stop() {
    draft = null;
    drawDraft();
    map.getCanvas().style.cursor = '';
    render();
  }

  button.addEventListener('click', () => (draft ? stop() : start()));
  map.on('click', (e) => {
    if (!draft || draft.busy) return;
    draft.at = [e.lngLat.lng, e.lngLat.lat];
    draft.error = null;
    drawDraft();
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
    /** Opens the form as the button does (a notice's ?report= link); signed out it does nothing. */
    open() {
      if (!draft) start();
    },
    /** True while the form is open: a click on the map puts the hazard's spot. */
    get capturesClicks(): boolean {
      return draft !== null;
    },
  };
}
