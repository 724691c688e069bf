// The two ends of a form that places something on the map (a hazard report, a new risk point): the server's refusal
// with its own sentence, and the cancel / submit pair. One look and one set of test hooks for both.

/** A refusal as the form shows it: our words (a function, so they follow a language switch) and the server's. */
export interface DraftError {
  text: () => string;
  detail: string;
  status: number;
}

/** `p.report-error[role=alert]` with data-testid and data-status; hidden while there is no error. */
export function draftErrorElement(error: DraftError | null, testid: string): HTMLParagraphElement {
  const message = document.createElement('p');
  message.className = 'report-error';
  message.dataset.testid = testid;
  message.setAttribute('role', 'alert');
  message.hidden = !error;
  if (error) {
    message.dataset.status = String(error.status);
    const detail = document.createElement('small');
    detail.textContent = error.detail;
    message.append(error.text(), detail);
  }
  return message;
}

/** Cancel (`button[data-action=cancel]`) and submit, disabled while busy; submit also until the point is placed. */
export function draftButtons(o: { cancel: string; submit: string; busy: boolean; ready: boolean; onCancel: () => void }): HTMLDivElement {
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.dataset.action = 'cancel';
  cancel.textContent = o.cancel;
  cancel.disabled = o.busy;
  cancel.addEventListener('click', o.onCancel);
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.className = 'primary';
  submit.textContent = o.submit;
  submit.disabled = o.busy || !o.ready;
  const buttons = document.createElement('div');
  buttons.className = 'hazard-buttons';
  buttons.append(cancel, submit);
  return buttons;
}
