// Small request helpers shared by the integration tests.

/** GET when there is no body, else POST (or the method given) the body as JSON; signed in with the given session cookie. */
export const apiCall = (baseUrl: string, cookie: string, path: string, body?: unknown, method?: string) => fetch(`${baseUrl}${path}`, {
  method: method ?? (body === undefined ? 'GET' : 'POST'),
  headers: { cookie, 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** Last calendar month (UTC) as YYYY-MM: a month the demo data has complete. */
export const lastMonth = () => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};
