// The "where" fields shared by a new disaster and a new warning: how the area is given (draw a polygon, upload a
// file with its CRS, and for disasters a clicked point or a drawn line with a buffer), and what has been picked.
import { element } from '../dashboard/element.ts';
import { t } from '../i18n/i18n.ts';
import type { AreaMethod, AreaPicker, PickedArea } from './area-picker.ts';
import { CRS_CHOICES, type Crs } from './disaster-api.ts';
import { AreaFileError, readAreaFile } from './read-area-file.ts';

/**
 * Hooks: `button[data-method="polygon" | "line" | "point" | "upload"]` (aria-pressed), `input[name="area_file"]`,
 * `select[name="crs"]`, `input[name="buffer_m"]`, and `[data-testid="area-state"][data-area="none" | "picked"]`.
 */
export function createAreaFields(picker: AreaPicker, methods: AreaMethod[]) {
  /** Why the last upload was not taken. */
  let error: string | null = null;
  const buttons = methods.map((m) => {
    const b = element('button', { type: 'button', textContent: t(`area.method.${m}`) });
    b.dataset.method = m;
    b.addEventListener('click', () => {
      error = null;
      if (m === 'upload') file.click();
      else picker.start(m);
      render();
    });
    return b;
  });
  const file = element('input', { type: 'file', name: 'area_file', accept: '.geojson,.json,application/geo+json,application/json', hidden: true });
  const crs = element('select', { name: 'crs' }, ...CRS_CHOICES.map((c) => element('option', { value: c, textContent: t(`area.crs.${c}`) })));
  const buffer = element('input', { type: 'number', name: 'buffer_m', min: '1', max: '50000', step: '1', value: '200' });
  const crsLabel = element('label', {}, t('area.crs'), crs);
  const bufferLabel = element('label', {}, t('area.buffer'), buffer);
  const state = element('p', { className: 'hint' });
  state.dataset.testid = 'area-state';
  const el = element('fieldset', { className: 'area-fields' }, element('legend', { textContent: t('area.where') }),
    element('div', { className: 'area-methods' }, ...buttons), file, crsLabel, bufferLabel, state);

  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    file.value = '';
    if (!f) return;
    try {
      picker.setUpload(await readAreaFile(f), crs.value as Crs);
      error = null;
    } catch (err) {
      error = err instanceof AreaFileError ? t(`area.fileError.${err.reason}`) : String(err);
    }
    render();
  });
  crs.addEventListener('change', () => picker.setCrs(crs.value as Crs));
  buffer.addEventListener('input', () => picker.setBuffer(Number(buffer.value)));
  picker.setBuffer(Number(buffer.value));

  function render() {
    const m = picker.method;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.method === m));
    crsLabel.hidden = m !== 'upload';
    bufferLabel.hidden = m !== 'point' && m !== 'line';
    const area = picker.area;
    state.dataset.area = area ? 'picked' : 'none';
    state.classList.toggle('error', Boolean(error));
    state.textContent = error ?? (area ? t('area.picked', { type: t(`area.type.${area.geometry.type}`) }) : m ? t(`area.hint.${m}`) : t('area.hint.none'));
  }
  render();

  return {
    el,
    render,
    /** The buffer in metres for a point or a line; undefined for polygons. */
    bufferFor(area: PickedArea): number | undefined {
      return area.geometry.type === 'Point' || area.geometry.type === 'LineString' ? Number(buffer.value) : undefined;
    },
  };
}

export type AreaFields = ReturnType<typeof createAreaFields>;
