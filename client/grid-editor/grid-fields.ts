import { t, tValue } from '../i18n/i18n.ts';
import { labelled } from './editor-controls.ts';
import { GRID_KINDS, type GridEdit, type GridFeature, type GridKind } from './grid-edit-api.ts';
import type { WorkerChoice, WorkerPicker } from './worker-picker.ts';

/** What the form holds while it is being filled in. */
export interface FieldValues {
  kind: GridKind;
  name: string;
  /** The grid worker chosen; null for none. */
  worker: WorkerChoice | null;
}

/** A grid's fields as they are now, to edit them. */
export function fieldsOf(grid: GridFeature): FieldValues {
  const { kind, name, code, worker_id: id, worker } = grid.properties;
  return {
    kind,
    name: name ?? '',
    worker: typeof id === 'number' ? { id, name: worker?.name ?? `#${id}`, phone: worker?.phone ?? null, grid_code: code } : null,
  };
}

/**
 * A grid's kind, name and worker as form fields (`select[name=kind]`, `input[name=name]`, the worker picker),
 * writing into `values` as they are entered, so a redraw (a language switch) keeps what was entered. `gridCode` is
 * the grid being edited (none for a new one).
 */
export function gridFields(values: FieldValues, picker: WorkerPicker, gridCode: string | null = null): HTMLElement {
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

  box.append(
    labelled(t('editor.field.kind'), kind),
    labelled(t('editor.field.name'), name),
    picker.element(values, gridCode),
  );
  return box;
}

/** The fields as the API takes them: an empty name is left out rather than sent; no worker is sent as null. */
export function fieldEdit(values: FieldValues): GridEdit {
  const edit: GridEdit = { kind: values.kind, worker_id: values.worker?.id ?? null };
  if (values.name.trim()) edit.name = values.name.trim();
  return edit;
}
