import { fetchJson } from '../http/fetch-json.ts';
import { currentLang, t } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import type { UnitFigures } from '../stats/rectification-api.ts';
import { levelBelow, levelOf } from '../units/unit-levels.ts';
import { fetchDepartments, type Subject } from './briefing-api.ts';

/** One entry of the subject picker: `value` is `unit:CODE` or `department:CODE`. */
export interface SubjectChoice {
  value: string;
  subject: Subject;
  name: () => string;
  group: 'unit' | 'department';
}

/** Briefs are for a county, township, village or group (the server refuses grids). */
const BRIEF_LEVELS = ['county', 'township', 'village', 'group'];

const unitChoice = (code: string, name: string): SubjectChoice =>
  ({ value: `unit:${code}`, subject: { unit: code }, name: () => `${name}（${code}）`, group: 'unit' });

/** The department a department account answers for, once the session tells it (it may not yet). */
export const departmentOf = (s: Session): string | null => s.department_code ?? null;

/**
 * What the signed-in user may brief: their jurisdiction and the units one level down (named by the rectification
 * statistics, which list them), and for the chief also the county's departments; a department account its own
 * department. The first choice is the default.
 */
export async function briefSubjects(session: Session, signal?: AbortSignal): Promise<SubjectChoice[]> {
  const role: string = session.role;
  const choices: SubjectChoice[] = [];
  const wantDepartments = role === 'chief' || role === 'department';
  const departments = wantDepartments ? fetchDepartments(signal).then((d) => d.rows, () => []) : Promise.resolve([]);
  if (role !== 'department') {
    const below = levelBelow(session.jurisdiction);
    const level = levelOf(session.jurisdiction);
    let total: UnitFigures | null = null;
    let rows: UnitFigures[] = [];
    if (below && BRIEF_LEVELS.includes(below)) {
      ({ total, rows } = await fetchJson<{ total: UnitFigures | null; rows: UnitFigures[] }>(
        `/api/stats/rectification?${new URLSearchParams({ level: below, unit: session.jurisdiction })}`, { signal }).catch(() => ({ total: null, rows: [] })));
    }
    if (level && BRIEF_LEVELS.includes(level)) choices.push(unitChoice(session.jurisdiction, total?.name ?? session.jurisdiction));
    choices.push(...rows.filter((r) => BRIEF_LEVELS.includes(levelOf(r.code) ?? '')).map((r) => unitChoice(r.code, r.name)));
  }
  const own = role === 'department' ? departmentOf(session) : null;
  if (role === 'department' && !own) {
    choices.push({ value: 'department:', subject: {}, name: () => t('briefings.ownDepartment'), group: 'department' });
    return choices;
  }
  for (const d of await departments) {
    if (role === 'department' && d.code !== own) continue;
    choices.push({
      value: `department:${d.code}`,
      subject: { department: d.code },
      name: () => (currentLang() === 'en' && d.name_en ? d.name_en : d.name),
      group: 'department',
    });
  }
  return choices;
}
