/** The server's one error shape, {error, code, details?}, as a thrown value with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Same-origin JSON request; the session cookie rides along. 204 answers undefined. */
export async function fetchJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  const res = await fetch(url, { ...init, headers, credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (body ?? {}) as { error?: string; code?: string; details?: unknown };
    throw new ApiError(res.status, e.code ?? `http_${res.status}`, e.error ?? res.statusText, e.details);
  }
  return body as T;
}
