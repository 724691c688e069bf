import { file, op, q, type Paths } from './operation.ts';

const tag = 'tiles';
const layer = { name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: ['admin_unit', 'grid', 'household', 'risk_point', 'hazard', 'grid_risk', 'patrol'] } };

/** Tiles are public for admin_unit and grid; the other layers need a session, which op() cannot tell per layer. */
export const tilePaths: Paths = {
  '/tiles/{layer}.json': { get: { ...op('/tiles/{layer}.json', { tag, public: true, summary: 'TileJSON 3.0 for a layer', responses: { 200: { type: 'object' }, 404: { $ref: '#/components/responses/E404' } } }), parameters: [layer] } },
  '/tiles/{layer}/{z}/{x}/{y}.mvt': { get: op('/tiles/{layer}/{z}/{x}/{y}.mvt', { tag, public: true, summary: 'A Mapbox Vector Tile',
    query: [q('county'), q('from', 'patrol: ISO time'), q('to', 'patrol: ISO time')],
    responses: { 200: file('application/vnd.mapbox-vector-tile', 'the tile'), 204: { description: 'an empty tile' }, 304: { description: 'not modified' },
      401: { $ref: '#/components/responses/E401' }, 404: { $ref: '#/components/responses/E404' } } }) },
  '/metrics': { get: op('/metrics', { tag, public: true, summary: 'Tile metrics in the Prometheus text format: requests by layer, zoom and result, times, bytes, features, cache',
    responses: { 200: file('text/plain', 'Prometheus exposition format 0.0.4') } }) },
};
const mvt = tilePaths['/tiles/{layer}/{z}/{x}/{y}.mvt'].get as { parameters: { name: string }[] };
mvt.parameters = mvt.parameters.map((p) => (p.name === 'layer' ? layer : p));
