import { t, tValue } from '../i18n/i18n.ts';
import { labelled } from './editor-controls.ts';
import { GRID_KINDS, type GridEdit, type GridKind } from './grid-edit-api.ts';

/** What the form holds while it is being filled in; the worker id is text until it is sent. */
export interface FieldValues {
  kind: GridKind;
  name: string;
  worker: string;
}

/**
 * A grid's kind, name and worker as form fields (`select[name=kind]`, `input[name=name]`, `input[name=worker_id]`),
 * writing into `values` as they are typed, so a redraw (a language switch) keeps what was entered.
 */
export function gridFields(values: FieldValues, workerNow?: string | null): HTMLElement {
  const box = document.createElement('div');
  box.className = 'editor-fields';

  const kind = document.createElement('select');
  kind.name = 'kind';
  for (const k of GRID_KINDS) {
    const option = document.createElement('option');
    option.value = k;
    option.textContent = tValue('kind', k);
    kind.append(option);
  }
  kind.value = values.kind;
  kind.addEventListener('change', () => (values.kind = kind.value as GridKind));

  const name = document.createElement('input');
  name.name = 'name';
  name.value = values.name;
  name.placeholder = t('editor.field.namePlaceholder');
  name.maxLength = 60;
  name.addEventListener('input', () => (values.name = name.value));

  const worker = document.createElement('input');
  worker.name = 'worker_id';
  worker.inputMode = 'numeric';
  worker.pattern = '\\d*';
  worker.value = values.worker;
  worker.addEventListener('input', () => (values.worker = worker.value));

  box.append(
    labelled(t('editor.field.kind'), kind),
    labelled(t('editor.field.name'), name),
    labelled(t('editor.field.worker'), worker, workerNow ? t('editor.field.workerNow', { name: workerNow }) : undefined),
  );
  return box;
}

/** The fields as the API takes them: an empty name or worker is left out rather than sent as a change. */
export function fieldEdit(values: FieldValues): GridEdit {
  const edit: GridEdit = { kind: values.kind };
  if (values.name.trim()) edit.name = values.name.trim();
  if (/^\d+$/.test(values.worker.trim())) edit.worker_id = Number(values.worker.trim());
  return edit;
}
