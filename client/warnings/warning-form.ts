// Issuing a warning (预警): level, message, minutes to acknowledge, and the area (drawn, uploaded, or a disaster's).
import type { MultiPolygon, Polygon } from 'geojson';
import { element } from '../dashboard/element.ts';
import { createAreaFields } from '../disasters/area-fields.ts';
import type { AreaPicker } from '../disasters/area-picker.ts';
import type { DisasterRow } from '../disasters/disaster-api.ts';
import { failed, messageBox, type PanelMessage } from '../disasters/panel-message.ts';
import { t, tValue } from '../i18n/i18n.ts';
import { issueWarning, WARNING_LEVELS, type Issued, type WarningLevel } from './warning-api.ts';

/**
 * Hooks: `form[data-form="warning-issue"]` with `select[name="level"]`, `textarea[name="message"]`,
 * `input[name="ack_minutes"]`, `select[name="disaster_id"]` (empty: the drawn or uploaded area), the area fields and
 * `button[type="submit"]`; the outcome `[data-testid="warning-issue-message"][data-kind][data-status]`.
 */
export function createWarningForm(picker: AreaPicker, options: { onIssued: (w: Issued) => void; onCancel: () => void }) {
  const area = createAreaFields(picker, ['polygon', 'upload']);
  const level = element('select', { name: 'level' }, ...WARNING_LEVELS.map((l) => element('option', { value: l, textContent: t(`warning.level.${l}`) })));
  level.value = 'orange';
  const text = element('textarea', { name: 'message', rows: 3, maxLength: 500, required: true, placeholder: t('warning.messagePlaceholder') });
  const minutes = element('input', { type: 'number', name: 'ack_minutes', min: '1', max: '1440', value: '30' });
  const disaster = element('select', { name: 'disaster_id' });
  disaster.addEventListener('change', () => {
    area.el.hidden = disaster.value !== '';
    if (disaster.value) picker.stop();
    area.render();
  });
  const submit = element('button', { type: 'submit', className: 'primary', textContent: t('warning.issue') });
  const cancel = element('button', { type: 'button', textContent: t('riskPoint.cancel') });
  cancel.dataset.action = 'cancel';
  cancel.addEventListener('click', () => options.onCancel());
  const messageSlot = element('div');
  const form = element('form', { className: 'task-form warning-form' },
    element('h3', { textContent: t('warning.new') }),
    element('label', {}, t('warning.levelLabel'), level), element('label', {}, t('warning.message'), text),
    element('label', {}, t('warning.ackMinutes'), minutes), element('label', {}, t('warning.disaster'), disaster),
    area.el, messageSlot, element('div', { className: 'hazard-buttons' }, cancel, submit));
  form.dataset.form = 'warning-issue';
  const show = (m: PanelMessage | null) => messageSlot.replaceChildren(messageBox(m, 'warning-issue-message'));
  let busy = false;

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    const picked = picker.area;
    const disasterId = Number(disaster.value) || null;
    if (!disasterId && !(picked && (picked.geometry.type === 'Polygon' || picked.geometry.type === 'MultiPolygon'))) {
      show({ kind: 'error', text: t('area.missing') });
      return;
    }
    busy = true;
    submit.disabled = true;
    show(null);
    try {
      const props = { level: level.value as WarningLevel, message: text.value.trim(), ack_minutes: Math.round(Number(minutes.value) || 30) };
      const issued = disasterId ? await issueWarning({ disasterId }, props)
        : await issueWarning({ geometry: picked!.geometry as Polygon | MultiPolygon, crs: picked!.crs }, props);
      options.onIssued(issued);
    } catch (err) {
      show(failed(t('warning.issueFailed'), err));
    } finally {
      busy = false;
      submit.disabled = false;
    }
  });

  return {
    el: form,
    reset(disasters: DisasterRow[]) {
      disaster.replaceChildren(element('option', { value: '', textContent: t('warning.ownArea') }),
        ...disasters.map((d) => element('option', { value: String(d.id), textContent: `${tValue('disaster.kind', d.kind)} #${d.id}` })));
      area.el.hidden = false;
      picker.stop();
      area.render();
      show(null);
    },
    render: () => area.render(),
  };
}
