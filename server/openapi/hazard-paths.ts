import { arr, file, obj, op, q, qEnum, ref, S, type Paths } from './operation.ts';

const tag = 'hazards';
const note = obj({ note: S.str });
const rows = obj({ rows: arr({ type: 'object' }) });

export const hazardPaths: Paths = {
  '/api/hazards': {
    post: op('/api/hazards', { tag, summary: 'Report a hazard at a point', body: obj({ type: { const: 'Feature' }, geometry: ref('Geometry'),
      properties: obj({ severity: S.str, category: S.str, description: S.str, risk_point_id: S.int, deadline_hours: S.num }, ['severity', 'category']) }),
    responses: { 201: ref('Hazard'), 422: { $ref: '#/components/responses/E422' } } }),
    get: op('/api/hazards', { tag, summary: 'Hazards, filtered', query: [q('status', 'comma-separated'), q('severity'), q('category'), 'unit', 'bbox', 'from', 'to', qEnum('overdue', ['true', 'false']), q('department')],
      responses: { 200: ref('FeatureCollection') } }),
  },
  '/api/hazards/{id}': { get: op('/api/hazards/{id}', { tag, summary: 'A hazard with events, allowed actions and the whistle', responses: { 200: ref('Hazard'), 404: { $ref: '#/components/responses/E404' } } }) },
  '/api/hazards/{id}/transitions': { post: op('/api/hazards/{id}/transitions', { tag, summary: 'Move a hazard along the closed loop',
    body: obj({ action: S.str, note: S.str, reason: S.str, responsible: S.str, measures: S.str, deadline: S.str, funds: S.str, acceptor: S.str }, ['action']),
    responses: { 200: ref('Hazard'), 409: { $ref: '#/components/responses/E409' } } }) },
  '/api/hazards/{id}/whistle': { post: op('/api/hazards/{id}/whistle', { tag, summary: 'Summon county departments (吹哨)', body: obj({ departments: arr(S.str), reason: S.str, ack_hours: S.num }, ['departments', 'reason']), responses: { 201: { type: 'object' }, 200: { type: 'object' } } }) },
  '/api/hazards/{id}/whistle/acknowledge': { post: op('/api/hazards/{id}/whistle/acknowledge', { tag, summary: 'A summoned department reports for duty (报到)', body: note, responses: { 200: { type: 'object' } } }) },
  '/api/hazards/{id}/whistle/act': { post: op('/api/hazards/{id}/whistle/act', { tag, summary: 'A summoned department records what it did', body: note, responses: { 200: { type: 'object' } } }) },
  '/api/departments': { get: op('/api/departments', { tag, summary: 'The departments that can be summoned', responses: { 200: rows } }) },
  '/api/departments/notification': { get: op('/api/departments/notification', { tag, summary: 'Departments late to a whistle (通报)', query: ['unit', 'from', 'to'], responses: { 200: { type: 'object' } } }) },
  '/api/departments/stats': { get: op('/api/departments/stats', { tag, summary: 'Per department: summoned, on time, late, acted, closed', query: ['unit'], responses: { 200: { type: 'object' } } }) },
  '/api/stats/rectification': { get: op('/api/stats/rectification', { tag: 'statistics', summary: 'Rectification per unit', query: [qEnum('level', ['township', 'village', 'group', 'grid']), 'unit', 'from', 'to', qEnum('format', ['json', 'csv', 'xlsx'])],
    responses: { 200: { description: 'JSON, CSV or XLSX', content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': file('text/csv', '').content['text/csv'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } } } }) },
  '/api/stats/trend': { get: op('/api/stats/trend', { tag: 'statistics', summary: 'Hazards found, closed and major per month', query: ['unit', 'from', 'to'], responses: { 200: { type: 'object' } } }) },
  '/api/hotspots': { get: op('/api/hotspots', { tag: 'statistics', summary: 'Getis–Ord Gi* hot spots of hazards', query: ['unit', 'from', 'to', q('severity'), q('category'), q('status'), qEnum('cells', ['grid', 'hex']), q('size', 'hexagon size, metres', S.int), qEnum('correction', ['none', 'fdr'])],
    responses: { 200: ref('FeatureCollection') } }) },
  '/api/risk-map': { get: op('/api/risk-map', { tag: 'statistics', summary: 'Each grid\'s colour in the four-colour risk map', query: ['unit'], responses: { 200: { type: 'object' } } }) },
};
