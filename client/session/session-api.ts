import { ApiError, fetchJson } from '../http/fetch-json.ts';

export interface Session {
  username: string;
  role: 'chief' | 'leader' | 'worker' | 'planner' | 'viewer' | 'department';
  /** An administrative unit code or a grid code: the signed-in user sees what lies under it. */
  jurisdiction: string;
  display_name: string;
  /** For role department: which county department (fire, housing, …) the user answers for; null otherwise. */
  department_code: string | null;
}

/** Who is signed in, or null when nobody is (the server answers 401). */
export async function getSession(): Promise<Session | null> {
  try {
    return await fetchJson<Session>('/api/session');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const signIn = (username: string, password: string) =>
  fetchJson<Session>('/api/session', { method: 'POST', body: JSON.stringify({ username, password }) });

export const signOut = () => fetchJson<void>('/api/session', { method: 'DELETE' });
