import { file, obj, op, q, qEnum, ref, S, type Paths } from './operation.ts';

const tag = 'disasters';
const json = { 200: { type: 'object' } };

export const disasterPaths: Paths = {
  '/api/disasters': {
    post: op('/api/disasters', { tag, summary: 'Record a disaster and its footprint', query: ['crs'], body: ref('Disaster'), responses: { 201: ref('Disaster'), 422: { $ref: '#/components/responses/E422' } } }),
    get: op('/api/disasters', { tag, summary: 'The county\'s disasters', responses: json }),
  },
  '/api/disasters/{id}': { get: op('/api/disasters/{id}', { tag, summary: 'One disaster', responses: { 200: ref('Disaster'), 404: { $ref: '#/components/responses/E404' } } }) },
  '/api/disasters/{id}/impact': { get: op('/api/disasters/{id}/impact', { tag, summary: 'What lies in the footprint, and who answers for it', query: [q('buffer', 'metres', S.num)], responses: json }) },
  '/api/disasters/{id}/tasks': {
    post: op('/api/disasters/{id}/tasks', { tag, summary: 'Plan the verification tasks', body: obj({ mode: { type: 'string', enum: ['grid', 'households'] }, households_per_task: S.int, buffer: S.num }, ['mode']), responses: { 201: json[200], 409: { $ref: '#/components/responses/E409' } } }),
    get: op('/api/disasters/{id}/tasks', { tag, summary: 'The tasks', query: [qEnum('mine', ['true', 'false'])], responses: json }),
  },
  '/api/disasters/{id}/tasks/{taskId}': {
    get: op('/api/disasters/{id}/tasks/{taskId}', { tag, summary: 'One task with its households in visiting order', responses: json }),
    patch: op('/api/disasters/{id}/tasks/{taskId}', { tag, summary: 'Assign a task', body: obj({ team: S.str, person_id: S.int }), responses: json }),
  },
  '/api/disasters/{id}/tasks/{taskId}/transitions': { post: op('/api/disasters/{id}/tasks/{taskId}/transitions', { tag, summary: 'Start, save, verify or send back a task',
    body: obj({ action: { type: 'string', enum: ['start', 'save', 'verify', 'recheck'] }, figures: { type: 'object' }, reason: S.str, person_id: S.int, version: S.int }, ['action']), responses: { ...json, 409: { $ref: '#/components/responses/E409' } } }) },
  '/api/disasters/{id}/reports': {
    post: op('/api/disasters/{id}/reports', { tag, summary: 'Produce the initial, follow-up or verified report', body: obj({ kind: { type: 'string', enum: ['initial', 'follow_up', 'verified'] } }, ['kind']), responses: { 201: json[200], 409: { $ref: '#/components/responses/E409' } } }),
    get: op('/api/disasters/{id}/reports', { tag, summary: 'The reports produced', responses: json }),
  },
  '/api/disasters/{id}/reports/{reportId}': { get: op('/api/disasters/{id}/reports/{reportId}', { tag, summary: 'One report', query: [qEnum('format', ['json', 'html', 'csv', 'xlsx'])],
    responses: { 200: { description: 'the report', content: { 'application/json': { schema: { type: 'object' } }, 'text/html': file('text/html', '').content['text/html'], 'text/csv': file('text/csv', '').content['text/csv'] } } } }) },
  '/api/warnings': {
    post: op('/api/warnings', { tag: 'warnings', summary: 'Issue a warning to the grids in an area', query: ['crs'], body: obj({ type: { const: 'Feature' }, geometry: { type: ['object', 'null'] }, properties: obj({ level: S.str, message: S.str, ack_minutes: S.int, disaster_id: S.int }) }),
      responses: { 201: ref('Warning') } }),
    get: op('/api/warnings', { tag: 'warnings', summary: 'The county\'s warnings', query: [qEnum('mine', ['true', 'false'])], responses: { 200: { type: 'object' } } }),
  },
  '/api/warnings/{id}': { get: op('/api/warnings/{id}', { tag: 'warnings', summary: 'One warning with each grid acknowledged, silent or escalated', query: [qEnum('geometry', ['true', 'false'])], responses: { 200: ref('Warning') } }) },
  '/api/warnings/{id}/recipients.csv': { get: op('/api/warnings/{id}/recipients.csv', { tag: 'warnings', summary: 'The recipients for SMS sending', responses: { 200: file('text/csv', 'CSV with BOM') } }) },
  '/api/warnings/{id}/ack': { post: op('/api/warnings/{id}/ack', { tag: 'warnings', summary: 'Acknowledge a warning (叫应)', body: obj({ grid_id: S.int, note: S.str }), responses: { 200: { type: 'object' } } }) },
};
