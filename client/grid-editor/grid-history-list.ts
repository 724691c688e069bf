import type { Geometry } from 'geojson';
import { formatDateTime, t, tValue } from '../i18n/i18n.ts';
import type { GridHistory, GridVersion } from './grid-edit-api.ts';

interface Handlers {
  onRestore: (version: GridVersion) => void;
  /** A version's boundary while the pointer is over its row; null when it leaves. */
  onPreview: (geometry: Geometry | null) => void;
}

/**
 * Every version of a grid, newest first: what was done, by whom, when and why, each with a restore button except
 * the current one. Rows are `li[data-version]`; the button is `button[data-action="restore"]`.
 */
export function gridHistoryList(history: GridHistory, currentVersion: number, disabled: boolean, handlers: Handlers): HTMLElement {
  const box = document.createElement('div');
  box.className = 'editor-history';
  box.dataset.testid = 'history';
  const title = document.createElement('h3');
  title.textContent = t('editor.history.title');
  box.append(title);

  const { ancestors, descendants } = history.lineage;
  for (const [ids, key] of [[ancestors, 'editor.history.ancestors'], [descendants, 'editor.history.descendants']] as const) {
    if (ids.length === 0) continue;
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = t(key, { ids: ids.map((id) => `#${id}`).join('、') });
    box.append(p);
  }

  if (history.versions.length === 0) {
    const p = document.createElement('p');
    p.textContent = t('editor.history.empty');
    box.append(p);
    return box;
  }
  const list = document.createElement('ol');
  for (const v of [...history.versions].sort((a, b) => b.version - a.version)) {
    const li = document.createElement('li');
    li.dataset.version = String(v.version);
    li.dataset.action = v.action;
    const head = document.createElement('strong');
    head.textContent = t('editor.history.row', { version: v.version, action: tValue('action', v.action) });
    const by = document.createElement('span');
    by.className = 'by';
    by.textContent = t('editor.history.by', { actor: v.actor, at: formatDateTime(v.at) });
    li.append(head, by);
    if (v.reason) {
      const reason = document.createElement('q');
      reason.textContent = v.reason;
      li.append(reason);
    }
    if (v.version === currentVersion) {
      const now = document.createElement('em');
      now.textContent = t('editor.history.current');
      li.append(now);
    } else {
      const restore = document.createElement('button');
      restore.type = 'button';
      restore.dataset.action = 'restore';
      restore.textContent = t('editor.action.restore');
      restore.disabled = disabled;
      restore.addEventListener('click', () => handlers.onRestore(v));
      li.append(restore);
    }
    li.addEventListener('mouseenter', () => handlers.onPreview(v.geometry));
    li.addEventListener('mouseleave', () => handlers.onPreview(null));
    list.append(li);
  }
  box.append(list);
  return box;
}
