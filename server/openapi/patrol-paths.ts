import { obj, op, q, ref, S, type Paths } from './operation.ts';

const tag = 'patrols';
const workerDay = [q('worker', 'person id', S.int), q('day', 'YYYY-MM-DD (local)')];

export const patrolPaths: Paths = {
  '/api/patrols': {
    post: op('/api/patrols', { tag, summary: 'Upload a track: cleaned, split and stored with its coverage', query: ['crs', q('worker', 'person id', S.int)],
      body: { content: { 'application/json': { schema: { type: 'object' } }, 'application/geo+json': { schema: { type: 'object' } }, 'application/gpx+xml': { schema: { type: 'string' } } } },
      responses: { 201: { type: 'object' }, 422: { $ref: '#/components/responses/E422' } } }),
    get: op('/api/patrols', { tag, summary: 'A worker\'s patrols of a day, for playback', query: workerDay, responses: { 200: ref('FeatureCollection') } }),
    delete: op('/api/patrols', { tag, summary: 'Delete a worker\'s patrols of a day', query: workerDay, responses: { 200: obj({ worker: S.int, day: S.str, deleted: S.int, grid_days: S.int }) } }),
  },
  '/api/patrols/{id}': { get: op('/api/patrols/{id}', { tag, summary: 'One patrol', responses: { 200: ref('Patrol'), 404: { $ref: '#/components/responses/E404' } } }) },
  '/api/coverage/patrols': { get: op('/api/coverage/patrols', { tag, summary: 'Patrol coverage per grid and overdue risk points', query: ['unit', 'from', 'to'], responses: { 200: { type: 'object' } } }) },
  '/api/coverage/gaps': { get: op('/api/coverage/gaps', { tag, summary: 'Unpatrolled grids and the parts nobody covered', query: ['unit', q('days', '1–90', S.int)], responses: { 200: { type: 'object' } } }) },
};
