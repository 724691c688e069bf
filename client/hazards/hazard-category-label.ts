import categories from '../../data/hazard-categories.json';
import type { Lang } from '../i18n/i18n.ts';

const byCode = new Map(categories.categories.map((c) => [c.code, c]));

/** A hazard category code in words, from the same checklist the seed and the workers use. */
export function hazardCategoryLabel(code: string, lang: Lang): string {
  const category = byCode.get(code);
  if (!category) return code;
  return lang === 'en' ? category.en : category.zh;
}
