import { Router, type Request } from 'express';
import { actorOf } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { forbidden, HttpError, notFound, unauthorized } from '../http/errors.ts';
import { dateParam, intParam } from '../http/params.ts';
import { tileLayers, type TileLayer } from '../tiles/tile-layers.ts';
import { answerTile, sendNoTile } from '../tiles/tile-http.ts';
import type { TileService } from '../tiles/tile-service.ts';
import { tileScope, type TimeWindow } from '../tiles/tiles.ts';

const MAX_ZOOM = 22;

function layerOf(name: string): TileLayer {
  const layer = tileLayers.get(name);
  if (!layer) throw notFound(`Unknown tile layer "${name}"; layers: ${[...tileLayers.keys()].join(', ')}.`);
  return layer;
}

function countyParam(req: Request): string | undefined {
  const county = req.query.county;
  if (county === undefined) return undefined;
  if (typeof county !== 'string' || !/^\d{6}$/.test(county)) {
    throw new HttpError(400, 'invalid_county', 'county must be a six-digit county code, e.g. 532327.');
  }
  return county;
}

/** Mounted before the session middleware: only private layers look the session up, public ones never do. */
async function scopeFor(db: Pool, req: Request, layer: TileLayer): Promise<string> {
  const actor = layer.public ? undefined : await actorOf(db, req);
  const scope = tileScope(layer, actor, countyParam(req));
  if (scope === null) {
    throw req.actor ? forbidden(`The ${layer.name} layer of that county is outside your jurisdiction.`)
      : unauthorized(`The ${layer.name} layer is visible to signed-in users only (POST /api/session).`);
  }
  return scope;
}

/** ?from=&to= (ISO 8601) for layers with a time window; a 400 when either is not a time or from is after to. */
function windowOf(req: Request, layer: TileLayer): TimeWindow {
  if (!layer.timeWindow) return {};
  const from = dateParam(req.query.from, 'from');
  const to = dateParam(req.query.to, 'to');
  if (from && to && from > to) throw new HttpError(400, 'invalid_period', 'from must not be after to.');
  return { from, to };
}

/**
 * Vector tiles and their TileJSON. Tiles revalidate on every use (ETag), so an edit shows at the next look; the
 * cache behind them (TileService) follows edits, so a revalidation is mostly answered without the database.
 */
export function tileRoutes(db: Pool, tiles: TileService): Router {
  const router = Router();

  router.get('/:file', async (req, res) => {
    const m = /^([a-z_]+)\.json$/.exec(req.params.file);
    if (!m) throw notFound(`No tile resource "${req.params.file}"; TileJSON is at /tiles/{layer}.json.`);
    const layer = layerOf(m[1]);
    const scope = await scopeFor(db, req, layer);
    const { rows } = await db.query(
      `select st_xmin(e) as w, st_ymin(e) as s, st_xmax(e) as e, st_ymax(e) as n
       from (select st_extent(geom) as e from admin_unit where level = 'county' and code like left($1, 6) || '%') x`,
      [scope],
    );
    const b = rows[0];
    const bounds = b?.w == null ? [-180, -85.0511, 180, 85.0511] : [b.w, b.s, b.e, b.n];
    const base = `${req.protocol}://${req.get('host')}`;
    const window = windowOf(req, layer);
    const params = new URLSearchParams();
    if (req.query.county) params.set('county', String(req.query.county));
    if (window.from) params.set('from', window.from.toISOString());
    if (window.to) params.set('to', window.to.toISOString());
    const query = params.size > 0 ? `?${params}` : '';
    res.set('Cache-Control', 'no-cache');
    res.json({
      tilejson: '3.0.0',
      name: layer.name,
      description: layer.description,
      scheme: 'xyz',
      tiles: [`${base}/tiles/${layer.name}/{z}/{x}/{y}.mvt${query}`],
      minzoom: layer.minzoom,
      maxzoom: layer.maxzoom,
      bounds,
      center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.max(layer.minzoom, 9)],
      vector_layers: [
        { id: layer.name, description: layer.description, minzoom: layer.minzoom, maxzoom: layer.maxzoom, fields: layer.fields },
      ],
    });
  });

  router.get('/:layer/:z/:x/:file', async (req, res) => {
    const t0 = performance.now();
    const layer = layerOf(req.params.layer);
    const z = intParam('z', req.params.z, 0, MAX_ZOOM);
    const x = intParam('x', req.params.x, 0, 2 ** z - 1);
    const [, yText, format] = /^(.*?)(\.[a-z0-9]+)?$/.exec(req.params.file) ?? [];
    if (format !== '.mvt') throw notFound('Tiles are served as {z}/{x}/{y}.mvt.');
    const y = intParam('y', yText, 0, 2 ** z - 1);
    const scope = await scopeFor(db, req, layer);
    const window = windowOf(req, layer);

    if (z < layer.minzoom) {
      sendNoTile(res, layer);
      return;
    }
    await answerTile(tiles, res, { layer, z, x, y, scope, window }, req.get('If-None-Match'), t0);
  });

  return router;
}
