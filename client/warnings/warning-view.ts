// One warning as the issuer and the leaders follow it: the totals by answer, each grid with its worker and the
// leader it escalates to (with a call-back button for those not yet acknowledged), everyone to notify with phones,
// and the SMS list.
import { element } from '../dashboard/element.ts';
import { formatDateTime, formatNumber, t, tValue } from '../i18n/i18n.ts';
import { GRID_STATES, recipientsCsvUrl, type Warning } from './warning-api.ts';
import { GRID_STATE_COLOURS } from './warning-layers.ts';

/**
 * Hooks: `[data-testid="warning"][data-warning-id]`; totals `[data-testid="warning-totals"] [data-state][data-count]`;
 * grids `[data-testid="warning-grids"] tr[data-grid-id][data-code][data-state]` with `button[data-action="call-back"]`;
 * recipients `[data-testid="warning-recipients"] tr[data-role][data-person-id]`; the SMS list `a[data-testid="warning-csv"]`.
 */
export function warningView(w: Warning, options: { canCallBack: boolean; busyGrid: number | null; onCallBack: (gridId: number) => void }): HTMLElement {
  const p = w.properties;
  const totals = element('ul', { className: 'task-legend' }, ...GRID_STATES.map((s) => {
    const li = element('li', {}, element('span', { className: 'swatch' }), `${t(`warning.state.${s}`)} ${formatNumber(p.totals[s])}`);
    (li.firstChild as HTMLElement).style.background = GRID_STATE_COLOURS[s];
    li.dataset.state = s;
    li.dataset.count = String(p.totals[s]);
    return li;
  }));
  totals.dataset.testid = 'warning-totals';

  const grids = element('table', { className: 'dash-table' },
    element('thead', {}, element('tr', {}, ...(['grid', 'worker', 'state', 'leader', 'action'] as const).map((c) => element('th', { textContent: t(`warning.col.${c}`) })))),
    element('tbody', {}, ...p.grids.map((g) => {
      const action = element('td', { className: 'nowrap' });
      if (options.canCallBack && g.state !== 'acknowledged') {
        const b = element('button', { type: 'button', textContent: t('warning.callBack'), disabled: options.busyGrid !== null });
        b.dataset.action = 'call-back';
        b.addEventListener('click', () => options.onCallBack(g.grid_id));
        action.append(b);
      }
      const state = element('td', { className: 'nowrap', textContent: t(`warning.state.${g.state}`) });
      state.style.color = GRID_STATE_COLOURS[g.state];
      const tr = element('tr', {},
        element('td', { className: 'nowrap', textContent: g.code, title: g.name ?? '' }),
        element('td', { className: 'nowrap', textContent: g.worker ? `${g.worker} ${g.phone ?? ''}` : t('panel.empty') }),
        state,
        element('td', { className: 'nowrap', textContent: g.leader ? `${g.leader} ${g.leader_phone ?? ''}` : t('panel.empty') }),
        action);
      if (g.acknowledged_at) tr.title = `${formatDateTime(g.acknowledged_at)} · ${g.acknowledged_by ?? ''}${g.ack_note ? ` · ${g.ack_note}` : ''}`;
      tr.dataset.gridId = String(g.grid_id);
      tr.dataset.code = g.code;
      tr.dataset.state = g.state;
      return tr;
    })));
  grids.dataset.testid = 'warning-grids';

  const recipients = element('table', { className: 'dash-table' },
    element('thead', {}, element('tr', {}, ...(['role', 'name', 'phone', 'unit'] as const).map((c) => element('th', { textContent: t(`warning.col.${c}`) })))),
    element('tbody', {}, ...p.recipients.map((r) => {
      const tr = element('tr', {}, element('td', { textContent: t(`warning.role.${r.role}`) }), element('td', { textContent: r.name }),
        element('td', { className: 'nowrap', textContent: r.phone ?? '—' }), element('td', { className: 'nowrap', textContent: r.unit_code }));
      tr.dataset.role = r.role;
      tr.dataset.personId = String(r.person_id);
      return tr;
    })));
  recipients.dataset.testid = 'warning-recipients';
  const csv = element('a', { href: recipientsCsvUrl(w.id), download: '', textContent: t('warning.csv') });
  csv.dataset.testid = 'warning-csv';

  const box = element('section', { className: 'warning-detail' },
    element('h3', { textContent: t('warning.heading', { level: tValue('warning.level', p.level), id: w.id }) }),
    element('p', { className: `warning-text level-${p.level}`, textContent: p.message }),
    element('p', { className: 'hint', textContent: t('warning.meta', { at: formatDateTime(p.issued_at), by: p.issued_by, due: formatDateTime(p.ack_due) }) }),
    totals,
    element('h4', { textContent: t('warning.grids', { n: formatNumber(p.totals.grids) }) }), element('div', { className: 'dash-scroll warning-scroll' }, grids),
    element('h4', { textContent: t('warning.recipients', { n: formatNumber(p.recipients.length) }) }), csv,
    element('div', { className: 'dash-scroll warning-scroll' }, recipients));
  box.dataset.testid = 'warning';
  box.dataset.warningId = String(w.id);
  return box;
}
