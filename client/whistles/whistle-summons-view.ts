import { element } from '../dashboard/element.ts';
import { currentLang, formatDateTime, t } from '../i18n/i18n.ts';
import type { Summons } from './whistle-api.ts';

/** Where a summoned department stands, most advanced first: what it did outranks how late it was. */
export type SummonsState = 'acted' | 'acknowledged' | 'escalated' | 'late' | 'waiting';

export function summonsState(s: Summons): SummonsState {
  if (s.acted_at) return 'acted';
  if (s.acknowledged_at) return 'acknowledged';
  if (s.escalated_at) return 'escalated';
  return s.late ? 'late' : 'waiting';
}

export const departmentName = (d: { name: string; name_en?: string }) => (currentLang() === 'en' && d.name_en ? d.name_en : d.name);

function summonsItem(s: Summons): HTMLLIElement {
  const state = summonsState(s);
  const badge = element('span', { className: `badge whistle-state whistle-${state}`, textContent: t(`whistle.state.${state}`) });
  const li = element('li', {}, element('strong', { textContent: departmentName(s) }), ' ', badge);
  li.dataset.department = s.department_code;
  li.dataset.state = state;
  li.dataset.late = String(s.late);
  const line = (field: string, words: string, note?: string | null) => {
    const p = element('span', { className: 'by', textContent: words });
    p.dataset.field = field;
    li.append(p);
    if (note) li.append(element('q', { textContent: note }));
  };
  line('due_at', t('whistle.due', { at: formatDateTime(s.due_at) }));
  if (s.acknowledged_at) {
    line('acknowledged_at', t(s.late ? 'whistle.acknowledgedLate' : 'whistle.acknowledged',
      { at: formatDateTime(s.acknowledged_at), by: s.acknowledged_by ?? '' }));
  }
  if (s.acted_at) line('acted_at', t('whistle.acted', { at: formatDateTime(s.acted_at) }), s.action_note);
  if (s.escalated_at) line('escalated_at', t('whistle.escalated', { at: formatDateTime(s.escalated_at) }));
  return li;
}

/**
 * The departments summoned to a hazard, one group per whistle (who blew it, when, why), each department with where
 * it stands: `[data-testid="whistle-summons"] li[data-department][data-state][data-late]`.
 */
export function whistleSummonsView(summons: Summons[]): HTMLElement {
  const box = element('div', { className: 'whistle-summons' });
  box.dataset.testid = 'whistle-summons';
  const calls = new Map<string, Summons[]>();
  for (const s of summons) {
    const key = `${s.blown_at}|${s.blown_by}`;
    calls.set(key, [...(calls.get(key) ?? []), s]);
  }
  for (const rows of calls.values()) {
    const first = rows[0];
    const call = element('div', { className: 'whistle-call' },
      element('p', { className: 'by', textContent: t('whistle.blown', { by: first.blown_by, at: formatDateTime(first.blown_at) }) }),
      element('q', { textContent: first.reason }),
      element('ul', {}, ...rows.map(summonsItem)));
    box.append(call);
  }
  return box;
}
