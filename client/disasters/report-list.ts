// The disaster's reports: buttons to produce the initial, follow-up and verified report (初报/续报/核报), and the kept
// ones with when each was made, to print (a page of its own) or download as CSV or XLSX.
import { element } from '../dashboard/element.ts';
import { formatDateTime, t } from '../i18n/i18n.ts';
import { REPORT_KINDS, reportUrl, type ReportKind, type ReportRow } from './disaster-api.ts';

/**
 * Hooks: `button[data-report="initial" | "follow_up" | "verified"]`; kept reports
 * `[data-testid="report-list"] li[data-report-id][data-kind]` with `a[data-format="html" | "csv" | "xlsx"]`.
 */
export function reportsView(disasterId: number, rows: ReportRow[], busy: boolean, onProduce: (kind: ReportKind) => void): HTMLElement {
  const buttons = element('div', { className: 'hazard-buttons report-buttons' }, ...REPORT_KINDS.map((k) => {
    const b = element('button', { type: 'button', textContent: t(`disaster.report.${k}`), disabled: busy });
    b.dataset.report = k;
    b.addEventListener('click', () => onProduce(k));
    return b;
  }));
  const list = element('ul', { className: 'brief-list report-list' }, ...rows.map((r) => {
    const link = (format: 'html' | 'csv' | 'xlsx') => {
      const a = element('a', { href: reportUrl(disasterId, r.id, format), textContent: t(`disaster.format.${format}`) });
      if (format === 'html') a.target = '_blank';
      else a.download = '';
      a.dataset.format = format;
      return a;
    };
    const title = r.kind === 'follow_up' ? t('disaster.report.followUpN', { n: r.seq }) : t(`disaster.report.${r.kind}`);
    const li = element('li', {}, element('strong', { textContent: title }),
      element('small', { textContent: `${formatDateTime(r.produced_at)} · ${r.produced_by}` }), link('html'), link('csv'), link('xlsx'));
    li.dataset.reportId = String(r.id);
    li.dataset.kind = r.kind;
    return li;
  }));
  list.dataset.testid = 'report-list';
  if (!rows.length) list.append(element('li', { className: 'hint', textContent: t('disaster.noReports') }));
  return element('div', {}, buttons, list);
}
