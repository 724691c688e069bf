// OGC API – Features (Part 1 Core, Part 3 CQL2 text) under /ogc; its own documents say the rest (links, conformance).
import { op, q, qEnum, ref, type Paths } from './operation.ts';

const tag = 'ogc';
const json = { 200: { type: 'object' } };
const f = qEnum('f', ['json', 'geojson']);

export const ogcPaths: Paths = {
  '/ogc': { get: op('/ogc', { tag, public: true, summary: 'Landing page', query: [f], responses: json }) },
  '/ogc/conformance': { get: op('/ogc/conformance', { tag, public: true, summary: 'Conformance classes', query: [f], responses: json }) },
  '/ogc/collections': { get: op('/ogc/collections', { tag, public: true, summary: 'Collections (private ones need a session)', query: [f], responses: json }) },
  '/ogc/collections/{id}': { get: op('/ogc/collections/{id}', { tag, public: true, summary: 'One collection', query: [f], responses: { ...json, 404: { $ref: '#/components/responses/E404' } } }) },
  '/ogc/collections/{id}/queryables': { get: op('/ogc/collections/{id}/queryables', { tag, public: true, summary: 'The properties a filter may use', query: [f], responses: json }) },
  '/ogc/collections/{id}/items': { get: op('/ogc/collections/{id}/items', { tag, public: true, summary: 'Features, paged by keyset',
    query: ['bbox', q('datetime'), q('limit'), q('filter', 'CQL2 text'), qEnum('filter-lang', ['cql2-text']), q('after', 'the keyset cursor a next link carries'), f], responses: { 200: ref('FeatureCollection') } }) },
  '/ogc/collections/{id}/items/{featureId}': { get: op('/ogc/collections/{id}/items/{featureId}', { tag, public: true, summary: 'One feature', query: [f], responses: { 200: ref('Feature'), 404: { $ref: '#/components/responses/E404' } } }) },
};
// Collection ids are names (grid, hazard, …), not integers.
for (const item of Object.values(ogcPaths)) {
  for (const p of (item.get.parameters ?? []) as { name: string; in: string; schema: unknown }[]) if (p.in === 'path') p.schema = { type: 'string' };
}
