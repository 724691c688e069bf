// Recording a disaster: its kind, when it happened, a description, and its footprint from the area fields.
import { element } from '../dashboard/element.ts';
import { t } from '../i18n/i18n.ts';
import { localInput } from '../risk-points/risk-point-fields.ts';
import { createAreaFields } from './area-fields.ts';
import type { AreaPicker } from './area-picker.ts';
import { createDisaster, DISASTER_KINDS, type Disaster, type DisasterKind } from './disaster-api.ts';
import { failed, messageBox, type PanelMessage } from './panel-message.ts';

/**
 * Hooks: `form[data-form="disaster-create"]` with `select[name="kind"]`, `input[name="occurred_at"]`,
 * `textarea[name="description"]`, the area fields, `button[type="submit"]` and `button[data-action="cancel"]`; the
 * outcome `[data-testid="disaster-create-message"][data-kind][data-status]`.
 */
export function createDisasterForm(picker: AreaPicker, options: { onCreated: (d: Disaster) => void; onCancel: () => void }) {
  const area = createAreaFields(picker, ['polygon', 'upload', 'point', 'line']);
  const kind = element('select', { name: 'kind', required: true },
    ...DISASTER_KINDS.map((k) => element('option', { value: k, textContent: t(`disaster.kind.${k}`) })));
  const at = element('input', { type: 'datetime-local', name: 'occurred_at', required: true });
  const description = element('textarea', { name: 'description', rows: 2, maxLength: 2000, placeholder: t('disaster.descriptionPlaceholder') });
  const submit = element('button', { type: 'submit', className: 'primary', textContent: t('disaster.create') });
  const cancel = element('button', { type: 'button', textContent: t('riskPoint.cancel') });
  cancel.dataset.action = 'cancel';
  const messageSlot = element('div');
  const form = element('form', { className: 'task-form disaster-form' },
    element('h3', { textContent: t('disaster.new') }),
    element('label', {}, t('disaster.kind'), kind), element('label', {}, t('disaster.occurredAt'), at),
    element('label', {}, t('disaster.description'), description), area.el, messageSlot,
    element('div', { className: 'hazard-buttons' }, cancel, submit));
  form.dataset.form = 'disaster-create';
  let busy = false;

  const show = (m: PanelMessage | null) => messageSlot.replaceChildren(messageBox(m, 'disaster-create-message'));

  cancel.addEventListener('click', () => options.onCancel());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const picked = picker.area;
    const when = new Date(at.value);
    if (busy) return;
    if (!picked) {
      show({ kind: 'error', text: t('area.missing') });
      return;
    }
    if (Number.isNaN(when.getTime())) return;
    busy = true;
    submit.disabled = true;
    show(null);
    try {
      const bufferM = area.bufferFor(picked);
      const d = await createDisaster(picked.geometry, {
        kind: kind.value as DisasterKind, occurred_at: when.toISOString(), description: description.value.trim() || undefined,
        source: picked.source, ...(bufferM !== undefined ? { buffer_m: bufferM } : {}),
      }, picked.crs);
      options.onCreated(d);
    } catch (err) {
      show(failed(t('disaster.createFailed'), err));
    } finally {
      busy = false;
      submit.disabled = false;
    }
  });

  return {
    el: form,
    /** A fresh form: now as the time, nothing picked yet. */
    reset() {
      at.value = localInput(new Date().toISOString());
      description.value = '';
      picker.stop();
      area.render();
      show(null);
    },
    render: () => area.render(),
  };
}
