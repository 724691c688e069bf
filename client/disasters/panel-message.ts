import { element } from '../dashboard/element.ts';
import { ApiError } from '../http/fetch-json.ts';

/** The outcome of an action in a panel: ours in words, the server's reason (409, 403, 400…) under it. */
export interface PanelMessage {
  kind: 'error' | 'success';
  text: string;
  detail?: string;
  status?: number;
  code?: string;
}

export function failed(text: string, err: unknown): PanelMessage {
  if (err instanceof ApiError) return { kind: 'error', text, detail: `${err.status} · ${err.message}`, status: err.status, code: err.code };
  return { kind: 'error', text, detail: err instanceof Error ? err.message : String(err) };
}

/** The message box, `[data-testid=<testid>][data-kind][data-status][data-code]`, in the hazard messages' style. */
export function messageBox(m: PanelMessage | null, testid: string): HTMLElement | '' {
  if (!m) return '';
  const p = element('p', { className: 'hazard-message' }, m.text);
  p.dataset.testid = testid;
  p.dataset.kind = m.kind;
  if (m.status) p.dataset.status = String(m.status);
  if (m.code) p.dataset.code = m.code;
  p.setAttribute('role', m.kind === 'error' ? 'alert' : 'status');
  if (m.detail) p.append(element('small', { textContent: m.detail }));
  return p;
}
