import type { GridDetail } from '../grids/fetch-grid.ts';
import { hazardCategoryLabel } from '../hazards/hazard-category-label.ts';
import { currentLang, formatDateTime, formatNumber, t, tValue, type MessageKey } from '../i18n/i18n.ts';
import type { TileLayerName } from '../layers/map-layer-group.ts';

/** One attribute as the panel shows it; `field` is stable across languages, for tests and styling. */
export interface PanelRow {
  field: string;
  label: string;
  value: string;
  /** The coded value behind the words (a status, a severity), as data-value for tests and styling. */
  code?: string;
  /** A short flag after the value, such as "overdue". */
  badge?: string;
}

export interface PanelView {
  title: string;
  subtitle: string;
  rows: PanelRow[];
  /** Whatever a layer shows below its rows: a history, buttons, a form. Built anew on every render. */
  sections?: HTMLElement[];
}

type Props = Record<string, unknown>;

export const text = (v: unknown) => (v === null || v === undefined || v === '' ? t('panel.empty') : String(v));
const num = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : text(v));
export const date = (v: unknown) => (typeof v === 'string' && v ? formatDateTime(v) : t('panel.empty'));
/** The fields we have words for: every `field.*` message. */
export type Field = MessageKey extends infer K ? (K extends `field.${infer F}` ? F : never) : never;
export const row = (field: Field, value: string, more: Pick<PanelRow, 'code' | 'badge'> = {}): PanelRow =>
  ({ field, label: t(`field.${field}`), value, ...more });

/** When a risk point is next due, from its last inspection and interval; overdue ones say so. */
function nextInspection(p: Props): string {
  const last = typeof p.last_inspected_at === 'string' ? Date.parse(p.last_inspected_at) : NaN;
  const days = Number(p.inspection_interval_days);
  if (Number.isNaN(last) || !days) return t('panel.empty');
  const due = new Date(last + days * 86_400_000);
  const formatted = formatDateTime(due.toISOString());
  return due.getTime() < Date.now() ? t('value.overdue', { date: formatted }) : formatted;
}

const views: Record<TileLayerName, (p: Props) => PanelView> = {
  admin_unit: (p) => ({
    title: text(currentLang() === 'en' ? (p.name_en ?? p.name) : p.name),
    subtitle: tValue('level', p.level),
    rows: [
      row('code', text(p.code)),
      row('level', tValue('level', p.level)),
      row('name', text(p.name)),
      row('name_en', text(p.name_en)),
      row('population', num(p.population)),
      row('households', num(p.households)),
    ],
  }),
  // Below z12 a grid's tile carries only its code and kind, and never its counts (they are not posted publicly).
  grid: (p) => ({
    title: text(p.name ?? p.code),
    subtitle: `${t('layer.grid')} · ${tValue('kind', p.kind)}`,
    rows: [
      row('code', text(p.code)),
      row('kind', tValue('kind', p.kind)),
      ...(p.group_code !== undefined ? [row('group', text(p.group_code))] : []),
      ...(p.worker_name !== undefined ? [row('worker', text(p.worker_name)), row('phone', text(p.worker_phone))] : []),
    ],
  }),
  household: (p) => ({
    title: t('layer.household'),
    subtitle: text(p.grid_code),
    rows: [row('persons', num(p.persons)), row('grid_code', text(p.grid_code))],
  }),
  risk_point: (p) => ({
    title: text(p.name),
    subtitle: `${tValue('riskKind', p.kind)} · ${tValue('riskLevel', p.level)}`,
    rows: [
      row('kind', tValue('riskKind', p.kind)),
      row('level', tValue('riskLevel', p.level)),
      row('grid_code', text(p.grid_code)),
      row('inspection_interval_days', t('unit.days', { n: num(p.inspection_interval_days) })),
      row('last_inspected_at', date(p.last_inspected_at)),
      row('next_inspection', nextInspection(p)),
    ],
  }),
  hazard: (p) => {
    const category = typeof p.category === 'string' ? hazardCategoryLabel(p.category, currentLang()) : text(p.category);
    return {
      title: category,
      subtitle: `${tValue('severity', p.severity)} · ${tValue('status', p.status)}`,
      rows: [
        row('category', category),
        row('severity', tValue('severity', p.severity), { code: text(p.severity) }),
        row('status', tValue('status', p.status), { code: text(p.status) }),
        row('description', text(p.description)),
        row('grid_code', text(p.grid_code)),
        row('reported_at', date(p.reported_at)),
        row('deadline', date(p.deadline)),
        row('closed_at', date(p.closed_at)),
      ],
    };
  },
  patrol: (p) => ({
    title: text(p.worker_name),
    subtitle: t('layer.patrol'),
    rows: [
      row('worker_name', text(p.worker_name)),
      row('started_at', date(p.started_at)),
      row('ended_at', date(p.ended_at)),
      row('grid_code', text(p.grid_code)),
    ],
  }),
  // Not clickable (a click reaches the grid below), but every tile layer has a view.
  grid_risk: (p) => ({ title: tValue('riskColour', p.colour), subtitle: t('layer.grid_risk'), rows: [] }),
};

/** A feature as its vector tile carries it. */
export const tileFeatureView = (layer: TileLayerName, properties: Props): PanelView => views[layer](properties);

/**
 * A grid as the API describes it, with its place in the county and its worker. Household and population counts are
 * there only for a signed-in user whose jurisdiction covers the grid; otherwise their rows are left out.
 */
export function gridDetailView(g: GridDetail): PanelView {
  const group = !g.group_name ? g.group_code
    : currentLang() === 'en' ? `${g.group_name} (${g.group_code})` : `${g.group_name}（${g.group_code}）`;
  return {
    title: g.name,
    subtitle: `${t('layer.grid')} · ${tValue('kind', g.kind)}`,
    rows: [
      row('code', g.code),
      row('kind', tValue('kind', g.kind)),
      row('township', text(g.township_name)),
      row('village', text(g.village_name)),
      row('group', group),
      row('worker', g.worker ? g.worker.name : t('value.noWorker')),
      row('phone', text(g.worker?.phone)),
      ...(g.households !== undefined ? [row('households', num(g.households))] : []),
      ...(g.population !== undefined ? [row('population', num(g.population))] : []),
      row('updated_at', date(g.updated_at)),
    ],
  };
}
