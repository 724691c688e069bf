import { arr, obj, op, q, ref, S, type Paths } from './operation.ts';

const tag = 'session';
export const sessionPaths: Paths = {
  '/api/health': { get: op('/api/health', { tag, public: true, summary: 'Whether the server, the database and PostGIS answer',
    responses: { 200: obj({ status: S.str, db: S.str, postgis: S.str }), 503: { description: 'the database is down', content: { 'application/json': { schema: obj({ status: S.str, db: { const: 'down' } }) } } } } }) },
  '/api/session': {
    post: op('/api/session', { tag, public: true, summary: 'Sign in: sets the HTTP-only session cookie',
      body: obj({ username: S.str, password: S.str }, ['username', 'password']),
      responses: { 200: ref('Session'), 401: { $ref: '#/components/responses/E401' } } }),
    get: op('/api/session', { tag, summary: 'Who is signed in', responses: { 200: ref('Session') } }),
    delete: op('/api/session', { tag, public: true, summary: 'Sign out', responses: { 204: { description: 'signed out' } } }),
  },
  '/api/people': { get: op('/api/people', { tag, summary: 'People (grid workers and leaders) within the jurisdiction', query: ['unit', q('role')],
    responses: { 200: obj({ rows: arr(obj({ id: S.int, name: S.str, phone: { type: ['string', 'null'] }, role: S.str, jurisdiction: S.str })) }) } }) },
  '/api/openapi.json': { get: op('/api/openapi.json', { tag, public: true, summary: 'This description (OpenAPI 3.1)', responses: { 200: { type: 'object' } } }) },
};
