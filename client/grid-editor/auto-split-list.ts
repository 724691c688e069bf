import { formatNumber, t } from '../i18n/i18n.ts';
import type { AutoSplitAdjuster } from './auto-split-adjuster.ts';

/**
 * The proposals of an auto-split preview with their households and people, under the server's summary: one
 * `li[data-index]` each (`data-households`, `data-status` ok, few or many, with the reason in red), its button
 * picking it to reshape (`onPick`). The list carries `data-counts` (current, pending while the server counts a
 * change, or error) and `data-selected` (the proposal being reshaped).
 */
export function autoSplitList(adjust: AutoSplitAdjuster, onPick: (index: number) => void): HTMLElement {
  const box = document.createElement('div');
  box.className = 'editor-proposals';
  box.dataset.testid = 'proposal-list';
  box.dataset.counts = adjust.counts;
  box.dataset.selected = adjust.selected === null ? '' : String(adjust.selected);

  const s = adjust.summary as Partial<Record<'households' | 'current_grids', number>>;
  const sizes = adjust.proposals.map((p) => p.households);
  if (typeof s.households === 'number') {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = t('editor.autoSplit.summary', {
      households: formatNumber(s.households),
      proposals: formatNumber(adjust.proposals.length),
      // As they are now, after any adjustment: a reshaped proposal may leave the range.
      min: formatNumber(Math.min(...sizes)),
      max: formatNumber(Math.max(...sizes)),
      current: formatNumber(s.current_grids ?? 0),
    });
    box.append(p);
  }

  const hint = document.createElement('p');
  hint.className = 'hint';
  hint.textContent = adjust.selected === null
    ? t('editor.autoSplit.pickHint')
    : t('editor.autoSplit.reshapeHint', { n: adjust.selected + 1 });
  box.append(hint);

  const list = document.createElement('ol');
  for (const [i, p] of adjust.proposals.entries()) {
    const li = document.createElement('li');
    const status = adjust.status(p);
    li.dataset.index = String(i);
    li.dataset.households = String(p.households);
    li.dataset.status = status;
    li.classList.toggle('flagged', status !== 'ok');
    li.classList.toggle('selected', adjust.selected === i);
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.action = 'reshape';
    b.setAttribute('aria-pressed', String(adjust.selected === i));
    b.textContent = t('editor.autoSplit.proposal', {
      n: i + 1,
      households: formatNumber(p.households),
      population: formatNumber(p.population),
    });
    b.addEventListener('click', () => onPick(i));
    li.append(b);
    const reason = adjust.reason(p);
    if (reason) {
      const why = document.createElement('span');
      why.className = 'reason';
      why.textContent = reason;
      li.append(why);
    }
    list.append(li);
  }
  box.append(list);

  if (adjust.counts !== 'current') {
    const state = document.createElement('p');
    state.className = adjust.counts === 'error' ? 'hint warning' : 'hint';
    state.textContent = adjust.counts === 'error'
      ? t('editor.autoSplit.countError', { message: adjust.countError })
      : t('editor.autoSplit.counting');
    box.append(state);
  }
  return box;
}
