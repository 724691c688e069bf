import { currentLang, formatDateTime, t, tValue } from '../i18n/i18n.ts';
import { date, row, text, type PanelView } from '../panel/feature-view.ts';
import type { FiveFixes, HazardDetail } from './hazard-api.ts';
import { hazardCategoryLabel } from './hazard-category-label.ts';

const FIVE_FIXES: (keyof FiveFixes)[] = ['responsible', 'measures', 'deadline', 'funds', 'acceptor'];

function heading(words: string): HTMLHeadingElement {
  const h = document.createElement('h3');
  h.textContent = words;
  return h;
}

/** The five fixes of the assignment, as rows like the panel's own. */
function fiveFixesSection(f: FiveFixes): HTMLElement {
  const section = document.createElement('section');
  section.className = 'hazard-five-fixes';
  const list = document.createElement('dl');
  list.dataset.testid = 'five-fixes';
  for (const key of FIVE_FIXES) {
    const item = document.createElement('div');
    item.dataset.field = key;
    const dt = document.createElement('dt');
    dt.textContent = t(`fiveFixes.${key}`);
    const dd = document.createElement('dd');
    dd.textContent = key === 'deadline' ? date(f[key]) : text(f[key]);
    item.append(dt, dd);
    list.append(item);
  }
  section.append(heading(t('fiveFixes.title')), list);
  return section;
}

/** Every step the hazard took, oldest first: when, who, what, and the note. */
function historySection(h: HazardDetail): HTMLElement {
  const section = document.createElement('section');
  section.className = 'hazard-history';
  const list = document.createElement('ol');
  list.dataset.testid = 'hazard-events';
  for (const e of h.events) {
    const li = document.createElement('li');
    li.dataset.action = e.action;
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = tValue('hazardEvent', e.action);
    const by = document.createElement('span');
    by.className = 'by';
    by.textContent = `${formatDateTime(e.at)} · ${e.actor === 'system' ? t('hazard.system') : e.actor}`;
    li.append(what, by);
    if (e.note) {
      const note = document.createElement('q');
      note.textContent = e.note;
      li.append(note);
    }
    list.append(li);
  }
  section.append(heading(t('hazard.history')), list);
  return section;
}

/**
 * A hazard as the API describes it: where it stands in the closed loop, whose desk it is on (the escalation level),
 * its deadline, the five fixes once assigned, and its history.
 */
export function hazardDetailView(h: HazardDetail): PanelView {
  const category = hazardCategoryLabel(h.category, currentLang());
  const grid = h.grid_name ? (currentLang() === 'en' ? `${h.grid_name} (${h.grid_code})` : `${h.grid_name}（${h.grid_code}）`) : h.grid_code;
  const level = tValue('escalation', h.escalation_level);
  return {
    title: category,
    subtitle: `${tValue('severity', h.severity)} · ${tValue('status', h.status)}`,
    rows: [
      row('status', tValue('status', h.status), { code: h.status }),
      row('severity', tValue('severity', h.severity), { code: h.severity }),
      row('category', category, { code: h.category }),
      row('description', text(h.description)),
      row('grid', grid, { code: h.grid_code }),
      row('reporter', text(h.reporter)),
      row('found_by', tValue('foundBy', h.found_by), { code: h.found_by }),
      row('reported_at', date(h.reported_at)),
      row('deadline', date(h.deadline), { code: h.overdue ? 'overdue' : 'on_time', badge: h.overdue ? t('hazard.overdue') : undefined }),
      row('escalation_level', t('hazard.escalationLevel', { level: h.escalation_level, who: level }), { code: String(h.escalation_level) }),
      ...(h.rectified_by ? [row('rectified_by', h.rectified_by)] : []),
      ...(h.closed_at ? [row('closed_at', date(h.closed_at))] : []),
      ...(h.rejected_reason ? [row('rejected_reason', h.rejected_reason)] : []),
    ],
    sections: [...(h.five_fixes ? [fiveFixesSection(h.five_fixes)] : []), historySection(h)],
  };
}
