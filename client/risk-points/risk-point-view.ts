import { formatDateTime, formatNumber, t, tValue } from '../i18n/i18n.ts';
import { date, row, text, type PanelView } from '../panel/feature-view.ts';
import type { RiskPointDetail } from './risk-point-api.ts';

/** When the point is next due: its last inspection plus the interval; never inspected means due now. */
function nextInspection(p: RiskPointDetail): string {
  if (!p.last_inspected_at) return t('riskPoint.neverInspected');
  const due = new Date(Date.parse(p.last_inspected_at) + p.inspection_interval_days * 86_400_000);
  return formatDateTime(due.toISOString());
}

/** A risk point as the register describes it: what and how grave, how often it is inspected, whether that is late. */
export function riskPointDetailView(p: RiskPointDetail): PanelView {
  const grid = p.grid_name ? `${p.grid_name} · ${p.grid_code}` : p.grid_code;
  return {
    title: text(p.name),
    subtitle: `${tValue('riskKind', p.kind)} · ${tValue('riskLevel', p.level)}`,
    rows: [
      row('name', text(p.name)),
      row('kind', tValue('riskKind', p.kind), { code: p.kind }),
      row('level', tValue('riskLevel', p.level), { code: p.level }),
      row('inspection_interval_days', t('unit.days', { n: formatNumber(p.inspection_interval_days) }),
        { code: String(p.inspection_interval_days) }),
      row('last_inspected_at', date(p.last_inspected_at)),
      row('next_inspection', nextInspection(p)),
      row('inspection_overdue', p.inspection_overdue ? t('riskPoint.overdueYes') : t('riskPoint.overdueNo'), {
        code: String(p.inspection_overdue),
        badge: p.inspection_overdue ? t('hazard.overdue') : undefined,
      }),
      row('grid', grid, { code: p.grid_code }),
      ...(p.updated_by ? [row('updated_at', `${date(p.updated_at)} · ${p.updated_by}`)] : []),
    ],
  };
}
