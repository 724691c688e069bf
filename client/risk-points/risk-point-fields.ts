import { t, tValue } from '../i18n/i18n.ts';
import { DEFAULT_INTERVAL_DAYS, RISK_KINDS, RISK_LEVELS, type RiskLevel } from './risk-register.ts';

/** What has been typed into a risk point form, kept as text so it survives every redraw of the form. */
export interface RiskPointValues {
  name: string;
  kind: string;
  level: string;
  /** Days; empty means the level's default. */
  interval: string;
  /** A local date-time for <input type="datetime-local">; empty in the form for a new point. */
  lastInspected: string;
}

interface FieldOptions {
  busy: boolean;
  /** The edit form also sets the last inspection; a new point has none yet. */
  withLastInspection: boolean;
  /** Told when the level changes, before the interval's hint follows it. */
  onLevel?: (level: string) => void;
}

function option(value: string, words: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = words;
  return o;
}

function labelled(words: string, control: HTMLElement, hint?: HTMLElement): HTMLLabelElement {
  const label = document.createElement('label');
  label.append(words, control);
  if (hint) label.append(hint);
  return label;
}

const defaultDays = (level: string) => DEFAULT_INTERVAL_DAYS[level as RiskLevel];

/**
 * The fields of a risk point (name, kind, level, inspection interval and, when editing, the last inspection), named
 * as the API names them: `input[name=name]`, `select[name=kind]`, `select[name=level]`,
 * `input[name=inspection_interval_days]`, `input[name=last_inspected_at]`.
 */
export function riskPointFields(v: RiskPointValues, o: FieldOptions): HTMLElement[] {
  const name = document.createElement('input');
  name.name = 'name';
  name.required = true;
  name.maxLength = 200;
  name.value = v.name;
  name.placeholder = t('riskPoint.namePlaceholder');
  name.addEventListener('input', () => { v.name = name.value; });

  const kind = document.createElement('select');
  kind.name = 'kind';
  kind.required = true;
  kind.append(option('', t('riskPoint.choose')), ...RISK_KINDS.map((k) => option(k, tValue('riskKind', k))));
  kind.value = v.kind;
  kind.addEventListener('change', () => { v.kind = kind.value; });

  const interval = document.createElement('input');
  interval.name = 'inspection_interval_days';
  interval.type = 'number';
  interval.min = '1';
  interval.max = '366';
  interval.step = '1';
  interval.value = v.interval;
  const intervalHint = document.createElement('small');
  const hint = () => {
    const days = defaultDays(v.level);
    interval.placeholder = days ? String(days) : '';
    intervalHint.textContent = days ? t('riskPoint.intervalHint', { level: tValue('riskLevel', v.level), n: days }) : '';
  };
  interval.addEventListener('input', () => { v.interval = interval.value; });

  const level = document.createElement('select');
  level.name = 'level';
  level.required = true;
  level.append(option('', t('riskPoint.choose')), ...RISK_LEVELS.map((l) => option(l, tValue('riskLevel', l))));
  level.value = v.level;
  level.addEventListener('change', () => {
    v.level = level.value;
    o.onLevel?.(level.value);
    interval.value = v.interval;
    hint();
  });
  hint();

  const fields = [
    labelled(t('field.name'), name),
    labelled(t('field.kind'), kind),
    labelled(t('field.level'), level),
    labelled(t('riskPoint.interval'), interval, intervalHint),
  ];
  if (o.withLastInspection) {
    const last = document.createElement('input');
    last.name = 'last_inspected_at';
    last.type = 'datetime-local';
    last.value = v.lastInspected;
    last.addEventListener('input', () => { v.lastInspected = last.value; });
    fields.push(labelled(t('field.last_inspected_at'), last));
  }
  for (const f of fields) f.querySelector<HTMLInputElement | HTMLSelectElement>('input, select')!.disabled = o.busy;
  return fields;
}

/** A local date-time for an <input type="datetime-local">, from an ISO time; empty for none. */
export function localInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
