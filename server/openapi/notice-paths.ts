// Printable grid notices (网格公示). The path segment is the file name, the unit code with its format.
import { file, op, qEnum, type Paths } from './operation.ts';

const tag = 'notices';
const paper = qEnum('paper', ['a4', 'a3']);
const fileParam = (description: string) => ({ name: 'file', in: 'path', required: true, description, schema: { type: 'string' } });

export const noticePaths: Paths = {
  '/api/notices/{file}': { get: { ...op('/api/notices/{file}', { tag, summary: 'The notice of a village, group or grid: HTML, PDF or PNG', query: [paper],
    responses: { 200: { description: 'the notice', content: { 'text/html': file('text/html', '').content['text/html'],
      'application/pdf': file('application/pdf', '').content['application/pdf'], 'image/png': file('image/png', '').content['image/png'] } } } }) } },
  '/api/notices/township/{file}': { get: op('/api/notices/township/{file}', { tag, summary: 'A township\'s notices as one PDF', query: [paper],
    responses: { 200: file('application/pdf', 'one PDF') } }) },
};
(noticePaths['/api/notices/{file}'].get.parameters as unknown[])[0] = fileParam('{code}, {code}.html, {code}.pdf or {code}.png (code: 12, 15 or 17 digits)');
(noticePaths['/api/notices/township/{file}'].get.parameters as unknown[])[0] = fileParam('{township code}.pdf');
