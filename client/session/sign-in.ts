import { ApiError } from '../http/fetch-json.ts';
import { onLangChange, t, tValue } from '../i18n/i18n.ts';
import { getSession, signIn, signOut, type Session } from './session-api.ts';

interface Options {
  onChange: (session: Session | null) => void;
  /** The name of a jurisdiction code when the map knows it, to show next to the code. */
  jurisdictionName?: (code: string) => string | undefined;
}

function field(name: 'username' | 'password', type: string, autocomplete: string): HTMLLabelElement {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.name = name;
  input.type = type;
  input.required = true;
  input.setAttribute('autocomplete', autocomplete);
  label.append(t(`signIn.${name}`), input);
  return label;
}

/**
 * The sign-in box: a form while signed out (`#sign-in form`, inputs named username and password), and who is signed
 * in with a sign-out button after. The session itself is an HTTP-only cookie; this only reflects it.
 */
export function createSignIn(el: HTMLElement, options: Options) {
  let session: Session | null = null;
  /** Kept as a function so the message follows a language switch. */
  let error: (() => string) | null = null;
  let busy = false;

  function set(next: Session | null) {
    session = next;
    el.dataset.signedIn = next ? 'true' : 'false';
    render();
    options.onChange(next);
  }

  function renderSignedIn(s: Session) {
    const who = document.createElement('p');
    who.className = 'who';
    who.dataset.testid = 'signed-in-user';
    who.textContent = s.display_name;
    who.title = s.username;
    const role = document.createElement('p');
    role.className = 'role';
    role.textContent = t('signIn.role', { role: tValue('role', s.role) });
    const jurisdiction = document.createElement('p');
    jurisdiction.className = 'role';
    const place = options.jurisdictionName?.(s.jurisdiction);
    jurisdiction.textContent = t('signIn.jurisdiction', { place: place ? `${place} ${s.jurisdiction}` : s.jurisdiction });
    const out = document.createElement('button');
    out.type = 'button';
    out.textContent = t('signIn.signOut');
    out.addEventListener('click', async () => {
      out.disabled = true;
      try {
        await signOut();
      } catch (err) {
        console.warn('sign-out:', err); // the cookie may already be gone; the map forgets the session either way
      }
      set(null);
    });
    el.replaceChildren(who, role, jurisdiction, out);
  }

  function renderForm() {
    // Typed-in values survive a redraw (a failed attempt, a language switch); only the words change.
    const typed = new Map([...el.querySelectorAll('input')].map((i) => [i.name, i.value]));
    const form = document.createElement('form');
    const title = document.createElement('h2');
    title.textContent = t('signIn.title');
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.disabled = busy;
    submit.textContent = busy ? t('signIn.busy') : t('signIn.submit');
    const message = document.createElement('p');
    message.className = 'error';
    message.setAttribute('role', 'alert');
    message.textContent = error?.() ?? '';
    message.hidden = !error;
    const demo = document.createElement('p');
    demo.className = 'hint';
    demo.textContent = t('signIn.demo');
    form.append(title, field('username', 'text', 'username'), field('password', 'password', 'current-password'), submit, message, demo);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const data = new FormData(form);
      busy = true;
      error = null;
      render();
      try {
        const next = await signIn(String(data.get('username') ?? ''), String(data.get('password') ?? ''));
        busy = false;
        set(next);
      } catch (err) {
        busy = false;
        const detail = err instanceof Error ? err.message : String(err);
        error = err instanceof ApiError && err.status === 401 ? () => t('signIn.failed') : () => t('signIn.error', { message: detail });
        render();
      }
    });
    el.replaceChildren(form);
    for (const input of form.querySelectorAll('input')) input.value = typed.get(input.name) ?? '';
  }

  function render() {
    if (session) renderSignedIn(session);
    else renderForm();
  }

  onLangChange(render);
  render();

  return {
    /** Asks the server who is signed in (the cookie may outlive the page). */
    async restore() {
      try {
        set(await getSession());
      } catch (err) {
        console.warn('session:', err);
        set(null);
      }
    },
    get session() {
      return session;
    },
    /** Draws again, e.g. once the map has loaded the tiles that name the jurisdiction. */
    refresh: render,
  };
}
