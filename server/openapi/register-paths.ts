import { arr, file, obj, op, q, ref, S, type Paths } from './operation.ts';

const tag = 'registers';
const riskPointBody = obj({ type: { const: 'Feature' }, geometry: ref('Geometry'), properties: obj({ name: S.str, kind: S.str, level: S.str, inspection_interval_days: S.int }) });
const unitOrDepartment = ['unit', q('department'), q('month', 'YYYY-MM')];

export const registerPaths: Paths = {
  '/api/risk-points': {
    get: op('/api/risk-points', { tag, summary: 'The risk register', query: ['unit', 'bbox', q('kind'), q('level')], responses: { 200: ref('FeatureCollection') } }),
    post: op('/api/risk-points', { tag, summary: 'Register a risk point', body: riskPointBody, responses: { 201: ref('RiskPoint') } }),
  },
  '/api/risk-points/{id}': {
    get: op('/api/risk-points/{id}', { tag, summary: 'One risk point', responses: { 200: ref('RiskPoint'), 404: { $ref: '#/components/responses/E404' } } }),
    put: op('/api/risk-points/{id}', { tag, summary: 'Edit a risk point', body: riskPointBody, responses: { 200: ref('RiskPoint') } }),
    delete: op('/api/risk-points/{id}', { tag, summary: 'Retire a risk point', responses: { 200: { type: 'object' } } }),
  },
  '/api/risk-points/{id}/checklist': { get: op('/api/risk-points/{id}/checklist', { tag, summary: 'The standard checklist of the point\'s kind', responses: { 200: { type: 'object' } } }) },
  '/api/risk-points/{id}/checks': {
    get: op('/api/risk-points/{id}/checks', { tag, summary: 'Checks on the spot of a point', responses: { 200: { type: 'object' } } }),
    post: op('/api/risk-points/{id}/checks', { tag, summary: 'A check on the spot; failed items open hazards', body: obj({ answers: arr(obj({ item: S.str, ok: S.bool, note: S.str })), open_hazards: S.bool }, ['answers']),
      responses: { 201: { type: 'object' }, 422: { $ref: '#/components/responses/E422' } } }),
  },
  '/api/checklists': { get: op('/api/checklists', { tag, summary: 'Every kind\'s checklist', responses: { 200: { type: 'object' } } }) },
  '/api/inspections': {
    get: op('/api/inspections', { tag: 'leaders', summary: 'Leaders\' inspection duties and visits of a month', query: ['unit', q('month', 'YYYY-MM')], responses: { 200: { type: 'object' } } }),
    post: op('/api/inspections', { tag: 'leaders', summary: 'Record a visit', body: obj({ target_kind: S.str, target_code: S.str, at: S.time, covert: S.bool, note: S.str }, ['target_kind', 'target_code']), responses: { 201: { type: 'object' } } }),
  },
  '/api/briefings/preview': { get: op('/api/briefings/preview', { tag: 'leaders', summary: 'The monthly risk brief, not kept', query: unitOrDepartment, responses: { 200: { type: 'object' } } }) },
  '/api/briefings': {
    post: op('/api/briefings', { tag: 'leaders', summary: 'Generate and keep a brief', body: obj({ unit: S.str, department: S.str, month: S.str }, ['month']), responses: { 201: { type: 'object' } } }),
    get: op('/api/briefings', { tag: 'leaders', summary: 'The kept briefs', query: unitOrDepartment, responses: { 200: { type: 'object' } } }),
  },
  '/api/briefings/{id}': { get: op('/api/briefings/{id}', { tag: 'leaders', summary: 'One brief', responses: { 200: { type: 'object' } } }) },
  '/api/briefings/{id}/print': { get: op('/api/briefings/{id}/print', { tag: 'leaders', summary: 'An A4 page to print', responses: { 200: file('text/html', 'HTML') } }) },
  '/api/briefings/{id}/minutes': { post: op('/api/briefings/{id}/minutes', { tag: 'leaders', summary: 'The meeting\'s minutes and decisions', body: obj({ minutes: S.str, decisions: arr(obj({ title: S.str, assignee: S.str, due: S.str })) }), responses: { 200: { type: 'object' } } }) },
  '/api/briefings/tasks/{taskId}': { patch: op('/api/briefings/tasks/{taskId}', { tag: 'leaders', summary: 'A decided task done or open again', body: obj({ status: { type: 'string', enum: ['done', 'open'] } }, ['status']), responses: { 200: { type: 'object' } } }) },
};
