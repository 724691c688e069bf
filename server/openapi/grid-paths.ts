import { arr, obj, op, q, qEnum, ref, S, type Paths } from './operation.ts';

const tag = 'grids';
const reason = { reason: S.str };
const ifMatch = (required: boolean) => [{ name: 'If-Match', schema: { type: 'string' }, required, description: 'the grid version edited' }];
const polygonFeature = obj({ type: { const: 'Feature' }, geometry: ref('Geometry'), properties: obj({ group_code: S.str, kind: S.str, name: S.str, worker_id: S.int, ...reason }) });
const importReport = obj({ created: arr({}), updated: arr({}), unchanged: arr({}), rejected: arr({}) });

export const gridPaths: Paths = {
  '/api/grids': {
    get: op('/api/grids', { tag, public: true, summary: 'Micro-grids in a box or under a unit (public fields)', query: ['bbox', 'unit'], responses: { 200: ref('FeatureCollection') } }),
    post: op('/api/grids', { tag, summary: 'Draw a new grid (planners)', body: polygonFeature, responses: { 201: ref('Grid'), 422: { $ref: '#/components/responses/E422' } } }),
  },
  '/api/grids/{id}': {
    get: op('/api/grids/{id}', { tag, public: true, summary: 'One grid with its group, village, township, worker and version', responses: { 200: ref('Grid'), 404: { $ref: '#/components/responses/E404' } } }),
    put: op('/api/grids/{id}', { tag, summary: 'Reshape or edit a grid', headers: ifMatch(true), body: polygonFeature,
      responses: { 200: ref('Grid'), 409: { $ref: '#/components/responses/E409' }, 422: { $ref: '#/components/responses/E422' }, 428: { $ref: '#/components/responses/E400' } } }),
    delete: op('/api/grids/{id}', { tag, summary: 'Retire a grid', headers: ifMatch(false), responses: { 200: obj({ id: S.int, retired: S.bool }) } }),
  },
  '/api/grids/{id}/split': { post: op('/api/grids/{id}/split', { tag, summary: 'Split a grid by a line', body: obj({ line: ref('Geometry'), ...reason }, ['line']), responses: { 201: obj({ grids: arr(ref('Grid')) }) } }) },
  '/api/grids/merge': { post: op('/api/grids/merge', { tag, summary: 'Merge grids of one group that share an edge', body: obj({ ids: arr(S.int), ...reason }, ['ids']), responses: { 201: ref('Grid') } }) },
  '/api/grids/{id}/history': { get: op('/api/grids/{id}/history', { tag, summary: 'Versions and lineage of a grid', responses: { 200: obj({ versions: arr({}), lineage: obj({ ancestors: arr({}), descendants: arr({}) }) }) } }) },
  '/api/grids/{id}/restore': { post: op('/api/grids/{id}/restore', { tag, summary: 'A new version equal to an old one', body: obj({ version: S.int, ...reason }, ['version']), responses: { 200: ref('Grid') } }) },
  '/api/grids/import': { post: op('/api/grids/import', { tag, summary: 'Import grids from GeoJSON or a zipped Shapefile', query: ['crs', qEnum('dry_run', ['true', 'false'])],
    body: { content: { 'application/geo+json': { schema: ref('FeatureCollection') }, 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
    responses: { 200: importReport, 201: importReport, 422: { $ref: '#/components/responses/E422' } } }) },
  '/api/grids/export': { get: op('/api/grids/export', { tag, public: true, summary: "A unit's live grids as a file", query: ['unit', qEnum('format', ['geojson', 'shapefile']), qEnum('crs', ['wgs84', 'gcj02'])],
    responses: { 200: { description: 'GeoJSON or a zipped Shapefile', content: { 'application/geo+json': { schema: ref('FeatureCollection') }, 'application/zip': { schema: { type: 'string', format: 'binary' } } } }, 404: { $ref: '#/components/responses/E404' } } }) },
  '/api/units/{code}': { get: op('/api/units/{code}', { tag, public: true, summary: 'An administrative unit', responses: { 200: ref('Unit'), 404: { $ref: '#/components/responses/E404' } } }) },
  '/api/units/{code}/auto-split': { post: op('/api/units/{code}/auto-split', { tag, summary: 'Proposals of 10–20 households per grid for a village group; writes nothing', body: obj({ min: S.int, max: S.int }), responses: { 200: obj({ proposals: arr({}) }) } }) },
  '/api/units/{code}/auto-split/count': { post: op('/api/units/{code}/auto-split/count', { tag, summary: 'Households and people inside a drawn proposal', body: obj({ geometry: ref('Geometry') }), responses: { 200: { type: 'object' } } }) },
  '/api/units/{code}/auto-split/accept': { post: op('/api/units/{code}/auto-split/accept', { tag, summary: "Replace the group's grids by the proposals", body: obj({ proposals: arr({}), ...reason }, ['proposals']), responses: { 201: obj({ grids: arr(ref('Grid')) }) } }) },
  '/api/coverage/partition-gaps': { get: op('/api/coverage/partition-gaps', { tag, summary: 'Gaps, overlaps and households in no grid', query: ['unit'], responses: { 200: obj({ gaps: {}, overlaps: {}, totals: {} }) } }) },
  '/api/exports/{layer}': { get: op('/api/exports/{layer}', { tag: 'exports', summary: "A unit's grids, risk points, hazards or patrols as a file, streamed",
    query: ['unit', qEnum('format', ['geojson', 'csv', 'xlsx', 'shp', 'gpx'], 'gpx only for patrol'), qEnum('crs', ['wgs84', 'gcj02']),
      q('from', 'hazard and patrol: reported or started at or after'), q('to', 'hazard and patrol: before')],
    responses: { 200: { description: 'an attachment', content: Object.fromEntries(['application/geo+json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip', 'application/gpx+xml']
      .map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) } } }) },
};
// The layer parameter of exports is an enum, not any string.
(gridPaths['/api/exports/{layer}'].get.parameters as { name: string; schema: unknown }[])[0].schema = { type: 'string', enum: ['grid', 'risk_point', 'hazard', 'patrol'] };
