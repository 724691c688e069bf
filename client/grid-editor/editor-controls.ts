/** The few form controls the editor's card is built from, each with the data attributes tests and styles use. */

export function button(text: string, dataset: Record<string, string>, onClick: () => void, disabled = false): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  Object.assign(b.dataset, dataset);
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}

export function paragraph(text: string, className = 'hint'): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

/** An input named `name` that reports every keystroke, so a redraw can put back what was typed. */
export function textInput(name: string, value: string, onInput: (v: string) => void, type = 'text'): HTMLInputElement {
  const i = document.createElement('input');
  i.name = name;
  i.type = type;
  i.value = value;
  i.addEventListener('input', () => onInput(i.value));
  return i;
}

/** A control under its label, with an optional note below it. */
export function labelled(text: string, control: HTMLElement, note?: string): HTMLLabelElement {
  const label = document.createElement('label');
  label.append(text, control);
  if (note) {
    const small = document.createElement('small');
    small.textContent = note;
    label.append(small);
  }
  return label;
}
