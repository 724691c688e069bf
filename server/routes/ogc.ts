import { Router, type Request, type Response } from 'express';
import type { Pool } from '../db/pool.ts';
import { notFound, unauthorized } from '../http/errors.ts';
import { collections, type Collection } from '../ogc/collections.ts';
import { baseParams, collectionExtent, getItem, listItems, type Reader } from '../ogc/features.ts';
import { featureParams, itemsRequest, onlyFormat } from '../ogc/item-params.ts';
import { collectionDocument, collectionsDocument, CONFORMANCE, landingPage, queryables } from '../ogc/ogc-documents.ts';

const GEOJSON = 'application/geo+json';

const baseUrl = (req: Request) => `${req.protocol}://${req.get('host')}`;

function collectionOf(id: string): Collection {
  const c = collections.get(id);
  if (!c) throw notFound(`No collection "${id}"; collections: ${[...collections.keys()].join(', ')}.`);
  return c;
}

/**
 * Who reads a collection: public ones whole (the viewer's jurisdiction only unmasks figures), private ones within
 * the actor's jurisdiction, as the tiles scope them.
 */
function readerFor(req: Request, c: Collection): Reader {
  if (c.public) return { scope: '', viewer: req.actor?.jurisdiction ?? '' };
  if (!req.actor) throw unauthorized(`The ${c.id} collection needs a session: the gw_session cookie or Authorization: Bearer <token>.`);
  return { scope: req.actor.jurisdiction, viewer: req.actor.jurisdiction };
}

function sendJson(res: Response, body: unknown, type = 'application/json'): void {
  // What a reader sees depends on who they are: a shared cache must not hand it to someone else.
  res.set('Cache-Control', 'private, no-cache');
  res.set('Vary', 'Cookie, Authorization');
  res.type(type).send(JSON.stringify(body));
}

/** The same request with the cursor moved on: every other parameter (filters, limit) carries over as given. */
function nextLink(req: Request, after: string | number, limit: number): string {
  const url = new URL(req.originalUrl, baseUrl(req));
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('after', String(after));
  return url.toString();
}

/** OGC API – Features Part 1 (Core, GeoJSON) and Part 3 (CQL2 text filters) over the published collections. */
export function ogcRoutes(db: Pool): Router {
  const router = Router();

  router.get('/', (req, res) => {
    onlyFormat(req.query);
    sendJson(res, landingPage(baseUrl(req)));
  });

  router.get('/conformance', (req, res) => {
    onlyFormat(req.query);
    sendJson(res, { conformsTo: CONFORMANCE });
  });

  router.get('/collections', async (req, res) => {
    onlyFormat(req.query);
    const base = baseUrl(req);
    // Anonymous readers are shown what they can open; a signed-in one every collection, scoped to them.
    const visible = [...collections.values()].filter((c) => c.public || req.actor);
    const docs = await Promise.all(visible.map(async (c) => collectionDocument(base, c, await collectionExtent(db, c, readerFor(req, c)))));
    sendJson(res, collectionsDocument(base, docs));
  });

  router.get('/collections/:id', async (req, res) => {
    onlyFormat(req.query);
    const c = collectionOf(req.params.id);
    sendJson(res, collectionDocument(baseUrl(req), c, await collectionExtent(db, c, readerFor(req, c))));
  });

  router.get('/collections/:id/queryables', (req, res) => {
    onlyFormat(req.query);
    const c = collectionOf(req.params.id);
    readerFor(req, c);
    sendJson(res, queryables(baseUrl(req), c), 'application/schema+json');
  });

  router.get('/collections/:id/items', async (req, res) => {
    const c = collectionOf(req.params.id);
    const reader = readerFor(req, c);
    const request = itemsRequest(c, req.query, baseParams(c, reader));
    const page = await listItems(db, c, request);
    const base = baseUrl(req);
    const self = new URL(req.originalUrl, base).toString();
    sendJson(res, {
      type: 'FeatureCollection',
      features: page.features,
      numberMatched: page.numberMatched,
      numberReturned: page.features.length,
      timeStamp: new Date().toISOString(),
      links: [
        { rel: 'self', type: GEOJSON, title: 'This page', href: self },
        { rel: 'collection', type: 'application/json', title: c.title, href: `${base}/ogc/collections/${c.id}` },
        ...(page.next === null ? [] : [{ rel: 'next', type: GEOJSON, title: 'Next page', href: nextLink(req, page.next, request.limit) }]),
      ],
    }, GEOJSON);
  });

  router.get('/collections/:id/items/:featureId', async (req, res) => {
    const c = collectionOf(req.params.id);
    const reader = readerFor(req, c);
    featureParams(req.query);
    const feature = await getItem(db, c, reader, req.params.featureId);
    if (!feature) throw notFound(`No feature ${req.params.featureId} in ${c.id}${c.public ? '' : ' within your jurisdiction'}.`);
    const base = baseUrl(req);
    sendJson(res, {
      ...feature,
      links: [
        { rel: 'self', type: GEOJSON, href: `${base}/ogc/collections/${c.id}/items/${encodeURIComponent(String(feature.id))}` },
        { rel: 'collection', type: 'application/json', href: `${base}/ogc/collections/${c.id}` },
      ],
    }, GEOJSON);
  });

  return router;
}
