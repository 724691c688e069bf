/** The outcome of a step taken in the hazard panel, in one style for the closed loop and the whistle. */
export interface HazardMessage {
  kind: 'error' | 'success';
  /** Kept as a function so the words follow a language switch. */
  text: () => string;
  /** The server's own sentence, shown as given. */
  detail?: string;
  status?: number;
}

/** `p.hazard-message` with data-kind and data-status for tests, and the server's sentence in small print. */
export function hazardMessageElement(message: HazardMessage, testid: string): HTMLParagraphElement {
  const m = document.createElement('p');
  m.className = 'hazard-message';
  m.dataset.testid = testid;
  m.dataset.kind = message.kind;
  if (message.status) m.dataset.status = String(message.status);
  m.setAttribute('role', message.kind === 'error' ? 'alert' : 'status');
  m.append(message.text());
  if (message.detail) {
    const detail = document.createElement('small');
    detail.textContent = message.detail;
    m.append(detail);
  }
  return m;
}
