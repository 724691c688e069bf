import type { Lang } from '../i18n/i18n.ts';
import { hazardCategory } from './hazard-categories.ts';

/** A hazard category code in words, from the same checklist the seed and the workers use. */
export function hazardCategoryLabel(code: string, lang: Lang): string {
  const category = hazardCategory(code);
  if (!category) return code;
  return lang === 'en' ? category.en : category.zh;
}
