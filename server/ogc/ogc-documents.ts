// The metadata documents of OGC API – Features: landing page, conformance, collection descriptions, queryables.
// Every link is absolute (from the request's own origin): GDAL and QGIS follow them as given.
import type { Collection } from './collections.ts';
import type { Extent } from './features.ts';
import { CRS84, DEFAULT_LIMIT, MAX_LIMIT } from './item-params.ts';

const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
];

export function landingPage(base: string) {
  return {
    title: 'gridwatch · 微网格安全监管',
    description: `Micro-grids, administrative units, risk points, hazards and patrol tracks as OGC API – Features (GeoJSON, `
      + `CQL2 text filters). Pages of ${DEFAULT_LIMIT} features by default, at most ${MAX_LIMIT}. Risk points, hazards `
      + 'and patrols need a session (cookie gw_session, or Authorization: Bearer <the same token>).',
    links: [
      { rel: 'self', type: JSON_TYPE, title: 'This document', href: `${base}/ogc` },
      { rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'The API definition', href: `${base}/api/openapi.json` },
      { rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes', href: `${base}/ogc/conformance` },
      { rel: 'data', type: JSON_TYPE, title: 'Collections', href: `${base}/ogc/collections` },
    ],
  };
}

export function collectionDocument(base: string, c: Collection, extent: Extent) {
  const url = `${base}/ogc/collections/${c.id}`;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: {
      ...(extent.bbox ? { spatial: { bbox: [extent.bbox], crs: CRS84 } } : {}),
      ...(extent.interval ? { temporal: { interval: [extent.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {}),
    },
    links: [
      { rel: 'self', type: JSON_TYPE, title: c.title, href: url },
      { rel: 'items', type: GEOJSON, title: `${c.title} (GeoJSON)`, href: `${url}/items` },
      { rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: 'Queryables', href: `${url}/queryables` },
    ],
  };
}

export function collectionsDocument(base: string, entries: ReturnType<typeof collectionDocument>[]) {
  return {
    links: [{ rel: 'self', type: JSON_TYPE, title: 'Collections', href: `${base}/ogc/collections` }],
    collections: entries,
  };
}

/** The properties a filter may name, as JSON Schema (OGC API – Features Part 3). */
export function queryables(base: string, c: Collection) {
  const properties: Record<string, object> = {};
  for (const [name, p] of Object.entries(c.properties)) {
    properties[name] = {
      title: p.title,
      ...(p.type === 'date-time' ? { type: 'string', format: 'date-time' } : { type: p.type }),
      ...(p.enum ? { enum: p.enum } : {}),
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/ogc/collections/${c.id}/queryables`,
    type: 'object',
    title: c.title,
    properties,
    additionalProperties: false,
  };
}
