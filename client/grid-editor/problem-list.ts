import { t } from '../i18n/i18n.ts';
import { formatArea } from './format-area.ts';
import type { Problem } from './validate-grid.ts';

/** Problems that do not stop a save: the server has no rule against a thin grid, only the planner's judgement. */
export const isWarning = (p: Problem) => p.kind === 'thin';

function describe(p: Problem): string {
  const area = formatArea(p.size ?? 0);
  switch (p.kind) {
    case 'kink': return t('editor.problem.kink');
    case 'overlap': return t('editor.problem.overlap', { neighbour: p.neighbour ?? '', area });
    case 'outside': return t('editor.problem.outside', { area });
    case 'too_small': return t('editor.problem.too_small', { area });
    case 'thin': return t('editor.problem.thin', { width: (p.size ?? 0).toFixed(1) }) + t('editor.problem.warning');
    case 'no_split': return t('editor.problem.no_split');
  }
}

/**
 * The list under the tools saying what is wrong with the draft, one item per problem, each `li[data-problem=kind]`
 * so a test can wait for an overlap to be reported. Kinks at the same place are reported once.
 */
export function problemList(problems: readonly Problem[]): HTMLElement {
  const box = document.createElement('div');
  box.className = 'editor-problems';
  box.dataset.testid = 'editor-problems';
  box.dataset.count = String(problems.length);
  box.hidden = problems.length === 0;
  if (problems.length === 0) return box;
  const list = document.createElement('ul');
  const seen = new Set<string>();
  for (const p of problems) {
    const text = describe(p);
    if (seen.has(text)) continue;
    seen.add(text);
    const li = document.createElement('li');
    li.dataset.problem = p.kind;
    li.classList.toggle('warning', isWarning(p));
    li.textContent = text;
    list.append(li);
  }
  const title = document.createElement('p');
  title.textContent = t('editor.problems.title', { n: seen.size });
  box.append(title, list);
  return box;
}
