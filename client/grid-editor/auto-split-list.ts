import { formatNumber, t } from '../i18n/i18n.ts';
import type { AutoSplitPreview } from './grid-edit-api.ts';

/** The proposals of an auto-split preview with their households and people, under the server's summary. */
export function autoSplitList(preview: AutoSplitPreview): HTMLElement {
  const box = document.createElement('div');
  box.className = 'editor-proposals';
  box.dataset.testid = 'proposal-list';
  const s = preview.summary as Partial<Record<'households' | 'proposals' | 'min_households' | 'max_households' | 'current_grids', number>>;
  if (typeof s.households === 'number' && typeof s.proposals === 'number') {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = t('editor.autoSplit.summary', {
      households: formatNumber(s.households),
      proposals: formatNumber(s.proposals),
      min: formatNumber(s.min_households ?? 0),
      max: formatNumber(s.max_households ?? 0),
      current: formatNumber(s.current_grids ?? 0),
    });
    box.append(p);
  }
  const list = document.createElement('ol');
  for (const [i, f] of preview.proposals.features.entries()) {
    const li = document.createElement('li');
    li.dataset.index = String(f.properties.index ?? i);
    li.textContent = t('editor.autoSplit.proposal', {
      n: (f.properties.index ?? i) + 1,
      households: formatNumber(f.properties.households),
      population: formatNumber(f.properties.population),
    });
    list.append(li);
  }
  box.append(list);
  return box;
}
