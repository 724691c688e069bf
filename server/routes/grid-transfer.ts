import express, { Router, type Request } from 'express';
import { requirePlanner } from '../auth/planner.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import { crsParam } from '../grids/crs.ts';
import { EXPORT_FORMATS, exportGrids, shapefileZip, type ExportFormat } from '../grids/grid-export.ts';
import { importGrids, looksLikeZip, readGeoJson, readShapefileZip, type ImportFile } from '../grids/grid-import.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import { unitCodeParam } from '../http/params.ts';

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

function flag(name: string, raw: unknown): boolean {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw badRequest('invalid_parameter', `${name} must be true or false, not "${String(raw)}".`);
}

/** The uploaded file, whichever way it came: GeoJSON parsed by a JSON parser, or raw bytes (a zip, or JSON sent as bytes). */
function uploadedFile(req: Request): ImportFile {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body)) {
    if (body.length === 0) throw badRequest('empty_file', 'The body is empty; send the file as the request body.');
    if (looksLikeZip(body)) return readShapefileZip(body);
    const text = body.toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (text.startsWith('{')) {
      try {
        return readGeoJson(JSON.parse(text));
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw badRequest('invalid_json', `The body is not valid JSON: ${(err as Error).message}.`);
      }
    }
    throw badRequest('invalid_zip', 'The body is not a zip archive; send a zipped Shapefile (.shp, .dbf, .prj, .cpg) or GeoJSON.');
  }
  if (body !== undefined && body !== null && typeof body === 'object') return readGeoJson(body);
  if (!req.is(['application/json', 'application/geo+json', ...ZIP_TYPES])) {
    throw new HttpError(415, 'unsupported_media_type', `Send the file as application/geo+json (or application/json) or `
      + `as application/zip, not as ${req.get('content-type') ?? 'a body without a Content-Type'}.`);
  }
  throw badRequest('empty_file', 'The body is empty; send a GeoJSON FeatureCollection or a zipped Shapefile.');
}

/**
 * Importing and exporting grid boundaries as files. Import is for planners within their jurisdiction (checked per
 * grid by the editing domain); export is public, as the grids themselves are.
 */
export function gridTransferRoutes(db: Pool): Router {
  const router = Router();

  router.post('/import',
    // Who may import is settled before a 50 MB body is read.
    (req, _res, next) => {
      requirePlanner(req);
      next();
    },
    express.json({ type: 'application/geo+json', limit: '20mb' }),
    express.raw({ type: ZIP_TYPES, limit: '50mb' }),
    async (req, res) => {
      const actor = requirePlanner(req);
      const crs = crsParam(req.query.crs);
      const dryRun = flag('dry_run', req.query.dry_run);
      const file = uploadedFile(req);
      const report = await withTransaction(db, (client) => importGrids(client, actor, file, { crs, dryRun }));
      res.status(dryRun ? 200 : 201).json(report);
    });

  router.get('/export', async (req, res) => {
    if (req.query.unit === undefined) throw badRequest('invalid_unit', 'unit is required: the code of the unit whose grids to export.');
    const unit = unitCodeParam('unit', req.query.unit);
    const format = (req.query.format ?? 'geojson') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) {
      throw badRequest('invalid_parameter', `format must be one of ${EXPORT_FORMATS.join(', ')}, not "${String(format)}".`);
    }
    const crs = crsParam(req.query.crs, ['wgs84', 'gcj02']);
    const grids = await exportGrids(db, unit, crs, format);
    if (grids.features.length === 0) throw notFound(`No live grids under ${unit}.`);
    const base = `grids-${unit}${crs === 'gcj02' ? '-gcj02' : ''}`;
    res.set('Cache-Control', 'no-cache');
    if (format === 'geojson') {
      res.attachment(`${base}.geojson`).type('application/geo+json').send(JSON.stringify(grids));
    } else {
      res.attachment(`${base}.zip`).type('application/zip').send(Buffer.from(shapefileZip(grids, base)));
    }
  });

  return router;
}
