// The OpenAPI description against the application as createApp builds it: every route the routers hold is
// described, every described operation is a route, and the document has what OpenAPI 3.1 requires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { listRoutes } from '../support/express-routes.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Routes the description leaves out on purpose: the client's static files and the SPA fallback (a RegExp route). */
const EXCLUDED_REGEXPS = ['/^\\/(?!api\\/|tiles\\/).*/'];
/** Tile routes take the file name as one parameter; the description spells out what it holds. */
const ALIASES: Record<string, string> = {
  '/tiles/{layer}.json': '/tiles/{file}',
  '/tiles/{layer}/{z}/{x}/{y}.mvt': '/tiles/{layer}/{z}/{x}/{file}',
};
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let server: TestServer;
let doc: { openapi: string; info: Record<string, unknown>; paths: Record<string, Record<string, Record<string, unknown>>>; components: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.baseUrl}/api/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = await res.json();
});
afterAll(async () => {
  await server.close();
});

const described = () => Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.keys(item).filter((k) => METHODS.includes(k)).map((m) => `${m.toUpperCase()} ${ALIASES[path] ?? path}`));

function appRoutes() {
  const app = createApp({ db: server.db.pool, tileDb: server.db.pool, clientDir: new URL('../../client', import.meta.url).pathname });
  return listRoutes(app);
}

describe('the OpenAPI description', () => {
  it('describes every route the application has, and no other', () => {
    const { routes, regexps } = appRoutes();
    expect(regexps).toEqual(EXCLUDED_REGEXPS);
    const actual = [...new Set(routes.map((r) => `${r.method} ${r.path}`))].sort();
    expect(actual.length).toBeGreaterThan(80);
    expect(actual).toContain('GET /api/exports/{layer}');
    expect(actual).toContain('GET /api/openapi.json');
    expect(described().sort()).toEqual(actual);
  });

  it('has what OpenAPI 3.1 requires', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['cookieAuth', 'bearerAuth']);
    const refs = new Set<string>();
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) if (k === '$ref' && typeof x === 'string') refs.add(x); else collect(x);
      }
    };
    collect(doc);
    for (const r of refs) {
      const [, section, name] = /^#\/components\/(\w+)\/(\w+)$/.exec(r) ?? [];
      expect(doc.components[section]?.[name], r).toBeDefined();
    }
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\//);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, operation] of Object.entries(item)) {
        expect(METHODS).toContain(method);
        const responses = operation.responses as Record<string, unknown>;
        expect(Object.keys(responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, r] of Object.entries(responses)) {
          expect(status).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
          expect((r as { description?: string; $ref?: string }).description ?? (r as { $ref?: string }).$ref).toEqual(expect.any(String));
        }
        const params = (operation.parameters ?? []) as { name?: string; in?: string; required?: boolean; schema?: unknown; $ref?: string }[];
        for (const p of params) {
          if (p.$ref) continue;
          expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
          expect(p.schema).toBeDefined();
          if (p.in === 'path') expect(p.required).toBe(true);
        }
        // Every template variable is a path parameter, and every path parameter a template variable.
        expect(params.filter((p) => p.in === 'path').map((p) => p.name).sort(), `${method} ${path}`).toEqual(templated);
        const id = `${method} ${path}`;
        expect(ids.has(id)).toBe(false);
        ids.add(id);
      }
    }
  });

  it('says which routes are public and describes the error shape', () => {
    expect(doc.paths['/api/grids/{id}'].get.security).toEqual([]);
    expect(doc.paths['/api/hazards'].get.security).toBeUndefined();
    expect(doc.components.schemas.Error).toMatchObject({ required: ['error', 'code'] });
  });
});
