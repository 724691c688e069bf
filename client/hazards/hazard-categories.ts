import checklist from '../../data/hazard-categories.json';
import type { Severity } from './hazard-api.ts';

export interface HazardCategory {
  code: string;
  zh: string;
  en: string;
  industry: string;
  /** The usual grading of this kind of hazard, preselected when it is picked. */
  severity: Severity;
}

/** The checklist grid workers pick from, the same file the server checks reports against and the seed uses. */
export const HAZARD_CATEGORIES = checklist.categories as HazardCategory[];

export const hazardCategory = (code: string): HazardCategory | undefined => HAZARD_CATEGORIES.find((c) => c.code === code);

/** Categories grouped by industry, in the checklist's order of first appearance. */
export function categoriesByIndustry(): Map<string, HazardCategory[]> {
  const groups = new Map<string, HazardCategory[]>();
  for (const c of HAZARD_CATEGORIES) groups.set(c.industry, [...(groups.get(c.industry) ?? []), c]);
  return groups;
}
