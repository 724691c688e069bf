// Small builders so each area module reads like the README's table: a path, a method, what it takes, what it answers.
export type Schema = Record<string, unknown>;
export type Operation = Record<string, unknown>;
export type PathItem = Record<string, Operation>;
export type Paths = Record<string, PathItem>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const paramRef = (name: string) => ({ $ref: `#/components/parameters/${name}` });

type ParamIn = 'query' | 'path' | 'header';
export interface Param { name: string; in?: ParamIn; schema?: Schema; description?: string; required?: boolean }

export const q = (name: string, description?: string, schema: Schema = { type: 'string' }): Param => ({ name, description, schema });
export const qEnum = (name: string, values: string[], description?: string): Param => ({ name, description, schema: { type: 'string', enum: values } });

/** Path parameters are read off the template ({id} → an integer id, others strings). */
function pathParams(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name, in: 'path', required: true, schema: /(^id$|Id$)/.test(name) ? { type: 'integer' } : { type: 'string' },
  }));
}

export interface OpSpec {
  summary: string;
  tag: string;
  /** public: no sign-in needed; otherwise the session cookie or bearer token. */
  public?: boolean;
  query?: (Param | string)[];
  headers?: Param[];
  body?: Schema | { content: Record<string, { schema: Schema }>; required?: boolean };
  /** status → a JSON schema, or a map of media types to schemas, or a description only. */
  responses: Record<number, Schema | { description: string; content?: Record<string, { schema: Schema }> }>;
}

const isResponseObject = (v: unknown): v is { description: string } => typeof v === 'object' && v !== null && 'description' in v;

export function op(path: string, spec: OpSpec): Operation {
  const parameters = [
    ...pathParams(path),
    ...(spec.query ?? []).map((p) => (typeof p === 'string' ? paramRef(p) : { in: 'query', ...p })),
    ...(spec.headers ?? []).map((p) => ({ ...p, in: 'header' })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = isResponseObject(r) ? r : { description: `status ${status}`, content: { 'application/json': { schema: r } } };
  }
  for (const status of spec.public ? ['400'] : ['400', '401', '403']) {
    responses[status] ??= { $ref: `#/components/responses/E${status}` };
  }
  responses['500'] ??= { $ref: '#/components/responses/E500' };
  const body = spec.body === undefined ? undefined
    : 'content' in spec.body ? { required: true, ...spec.body } : { required: true, content: { 'application/json': { schema: spec.body } } };
  return {
    tags: [spec.tag],
    summary: spec.summary,
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    ...(spec.public ? { security: [] } : {}),
  };
}

export const file = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });
export const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, ...(required.length ? { required } : {}) });
export const arr = (items: Schema): Schema => ({ type: 'array', items });
export const S = { str: { type: 'string' }, int: { type: 'integer' }, num: { type: 'number' }, bool: { type: 'boolean' }, time: { type: 'string', format: 'date-time' }, any: {} } as const;
