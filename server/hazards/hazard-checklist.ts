// The checklist of hazard categories (data/hazard-categories.json) and which county department answers for which
// industries and kinds of risk point (data/department-duties.json, "管行业必须管安全"). Both are edited without
// touching code, so each is re-read when its file changes.
import { watchedJson } from '../files/watched-json.ts';

export interface Category {
  code: string;
  industry: string;
  severity: 'minor' | 'general' | 'major';
}

interface DutyEntry {
  industries: string[] | 'all';
  risk_kinds: string[] | 'all';
}

const categories = watchedJson(new URL('../../data/hazard-categories.json', import.meta.url),
  (data) => (data as { categories: Category[] }).categories);
const duties = watchedJson(new URL('../../data/department-duties.json', import.meta.url),
  (data) => (data as { departments: Record<string, DutyEntry> }).departments);

/** The category codes of the checklist. */
export function hazardCategories(): Set<string> {
  return new Set(categories().map((c) => c.code));
}

/** What a department answers for: hazard categories and risk point kinds, null meaning all of them. */
export interface DepartmentDuty {
  categories: string[] | null;
  riskKinds: string[] | null;
}

/** The duty of a department, or undefined when the file says nothing of it. */
export function departmentDuty(department: string): DepartmentDuty | undefined {
  const entry = duties()[department];
  if (!entry) return undefined;
  return {
    categories: entry.industries === 'all' ? null
      : categories().filter((c) => (entry.industries as string[]).includes(c.industry)).map((c) => c.code),
    riskKinds: entry.risk_kinds === 'all' ? null : entry.risk_kinds,
  };
}
