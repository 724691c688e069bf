// Shared parts of the description: the error shape every route answers with, the main objects, the two ways to
// present a session, and the query parameters many routes share.
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { arr, obj, S, type Schema } from './operation.ts';

const geometry: Schema = obj({ type: S.str, coordinates: arr({}) }, ['type']);
const feature = (properties: Schema, geom: Schema = geometry): Schema =>
  obj({ type: { const: 'Feature' }, id: { type: ['integer', 'string'] }, geometry: geom, properties }, ['type', 'geometry', 'properties']);

const errorResponse = (description: string) => ({
  description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

export const components = {
  securitySchemes: {
    cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/session.' },
    bearerAuth: { type: 'http', scheme: 'bearer', description: 'The same session token, for desktop GIS that cannot send cookies.' },
  },
  schemas: {
    Error: obj({ error: { type: 'string', description: 'a sentence for people' }, code: { type: 'string', description: 'a machine code' }, details: {} }, ['error', 'code']),
    Geometry: geometry,
    Feature: feature({ type: 'object' }),
    FeatureCollection: obj({ type: { const: 'FeatureCollection' }, features: arr({ $ref: '#/components/schemas/Feature' }) }, ['type', 'features']),
    Session: obj({ username: S.str, display_name: S.str, role: { type: 'string', enum: ['chief', 'leader', 'worker', 'planner', 'viewer', 'department'] },
      jurisdiction: S.str, department_code: { type: ['string', 'null'] }, person_id: { type: ['integer', 'null'] } }, ['username', 'role', 'jurisdiction']),
    Grid: feature(obj({ code: S.str, name: S.str, kind: { type: 'string', enum: ['residential', 'enterprise', 'park', 'market', 'compound', 'project'] },
      group_code: S.str, version: S.int, worker_name: { type: ['string', 'null'] }, worker_phone: { type: ['string', 'null'] } })),
    Unit: feature(obj({ code: S.str, name: S.str, level: S.str })),
    RiskPoint: feature(obj({ id: S.int, name: S.str, kind: S.str, level: { type: 'string', enum: ['low', 'medium', 'high', 'major'] },
      inspection_interval_days: S.int, last_inspected_at: { type: ['string', 'null'], format: 'date-time' } })),
    Hazard: feature(obj({ id: S.int, category: S.str, severity: { type: 'string', enum: ['minor', 'general', 'major'] }, status: S.str,
      description: { type: ['string', 'null'] }, reported_at: S.time, deadline: { type: ['string', 'null'], format: 'date-time' } })),
    Patrol: feature(obj({ id: S.int, worker_id: S.int, started_at: S.time, ended_at: S.time, times: arr(S.num) })),
    Disaster: feature(obj({ id: S.int, kind: { type: 'string', enum: ['landslide', 'flood', 'earthquake', 'cold_wave', 'fire', 'other'] }, occurred_at: S.time })),
    Warning: obj({ id: S.int, level: { type: 'string', enum: ['blue', 'yellow', 'orange', 'red'] }, message: S.str, grids: arr({}), recipients: arr({}) }),
  },
  parameters: {
    unit: { name: 'unit', in: 'query', description: 'a unit or grid code within the jurisdiction (default: all of it)', schema: { type: 'string', pattern: '^\\d{6}(\\d{3}){0,3}(\\d{2})?$' } },
    from: { name: 'from', in: 'query', description: 'ISO 8601 date or time', schema: { type: 'string' } },
    to: { name: 'to', in: 'query', description: 'ISO 8601 date or time', schema: { type: 'string' } },
    bbox: { name: 'bbox', in: 'query', description: 'minLon,minLat,maxLon,maxLat in WGS84', schema: { type: 'string' } },
    crs: { name: 'crs', in: 'query', description: 'the coordinate system of the coordinates sent or asked for', schema: { type: 'string', enum: ['wgs84', 'cgcs2000', 'gcj02'] } },
  },
  responses: {
    E400: errorResponse('what the caller sent is malformed'),
    E401: errorResponse('not signed in'),
    E403: errorResponse('outside the jurisdiction or the role'),
    E404: errorResponse('no such thing'),
    E409: errorResponse('the state does not allow it'),
    E422: errorResponse('well-formed but refused by a rule'),
    E500: errorResponse('our fault; logged'),
  },
};
