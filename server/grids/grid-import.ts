// Importing grid boundaries from a planner's file (a GeoJSON FeatureCollection or a zipped Shapefile): read and
// checked as a whole first (a file that is not polygons is refused outright), then each feature goes through the
// same createGrid/updateGrid as a drawn edit, in order, in the caller's transaction, each under a savepoint so a
// refused feature is undone alone and reported. A dry run, or a real run with any feature refused, is rolled back
// whole: an import is all or nothing. No HTTP here.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Polygon } from 'geojson';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import { assertCovers } from '../auth/planner.ts';
import { badRequest, HttpError, unprocessable } from '../http/errors.ts';
import { fromWgs84, geoJsonCrs, prjCrs, toWgs84, type Crs } from './crs.ts';
import { createGrid, updateGrid, type GridAttributes } from './grid-edits.ts';
import { kindInput, polygonInput } from './grid-shape.ts';

const MATCH = readFileSync(new URL('./sql/import-match.sql', import.meta.url), 'utf8');

// shpjs ships no type declarations (and @types/shpjs describes its v3 API), so its two parsers are typed here; a
// specifier held in a string keeps the compiler from looking for declarations that do not exist.
interface ShpJs {
  parseShp(shp: DataView): (ShpGeometry | null)[];
  parseDbf(dbf: DataView, encoding: string): Record<string, unknown>[];
}
type ShpGeometry = { type: string; coordinates: unknown };
const SHPJS: string = 'shpjs';
const shpjs = (await import(SHPJS)) as ShpJs;

/** Most features one import takes: a whole county (4,776 grids) fits. */
export const MAX_IMPORT_FEATURES = 10_000;
/** Most bytes the files of a zipped Shapefile may unpack to (the upload itself is capped at 50 MB). */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
/** A vertex moved less than this (about 1 mm) leaves a grid's shape as it is: no new version for a round trip. */
export const UNCHANGED_DEGREES = 1e-8;

/** A file as read, before any feature is checked against the partition. */
export interface ImportFile {
  format: 'geojson' | 'shapefile';
  /** The layer (the .shp's name, or the FeatureCollection's `name`), for the history's reason. */
  name?: string;
  /** The coordinate system the file itself declares (.prj or a legacy `crs` member), when it does. */
  declared?: 'wgs84' | 'cgcs2000';
  /** How a Shapefile's attribute text was decoded. */
  encoding?: string;
  features: { geometry: unknown; properties: Record<string, unknown> }[];
}

export interface ImportError {
  code: string;
  message: string;
  details?: unknown;
}

export interface FeatureReport {
  /** The feature's position in the file, from 0 (a Shapefile's record number less one, deleted records skipped). */
  index: number;
  /** The grid's code: the one named, or for a new grid the one it got (in a dry run, the one it would get). */
  code?: string;
  /** The grid's id, except for grids a dry run would create (they do not exist). */
  id?: number;
  action: 'create' | 'update';
  status: 'ok' | 'rejected';
  /** An update that changes nothing (same shape within about 1 mm, same attributes): no version is added. */
  unchanged?: true;
  error?: ImportError;
}

export interface ImportReport {
  dry_run: boolean;
  format: ImportFile['format'];
  crs: Crs;
  /** What the file's .prj or `crs` member declares, when it declares anything. */
  declared_crs?: 'wgs84' | 'cgcs2000';
  encoding?: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  features: FeatureReport[];
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a file

const lowerKeys = (props: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k.trim().toLowerCase(), v]));

/** A GeoJSON FeatureCollection as sent, checked for shape only; a 400 for anything that is not one. */
export function readGeoJson(raw: unknown): ImportFile {
  const fc = raw as { type?: unknown; features?: unknown; crs?: unknown; name?: unknown } | null;
  if (!fc || typeof fc !== 'object' || Array.isArray(fc) || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    const hint = fc && typeof fc === 'object' && 'type' in fc ? ` (this is a ${String(fc.type)})` : '';
    throw badRequest('invalid_geojson', `Send a GeoJSON FeatureCollection of polygons${hint}.`);
  }
  const declared = geoJsonCrs(fc.crs);
  const features = (fc.features as unknown[]).map((f, index) => {
    const feature = f as { type?: unknown; geometry?: unknown; properties?: unknown } | null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      throw badRequest('invalid_geojson', `Feature ${index} is not a GeoJSON Feature.`, { index });
    }
    const props = feature.properties ?? {};
    if (typeof props !== 'object' || Array.isArray(props)) {
      throw badRequest('invalid_geojson', `The properties of feature ${index} must be an object.`, { index });
    }
    return { geometry: feature.geometry, properties: lowerKeys(props as Record<string, unknown>) };
  });
  return { format: 'geojson', name: typeof fc.name === 'string' ? fc.name : undefined, declared, features };
}

/** A body that starts like a zip archive (a local file header, or the end record of an empty one). */
export const looksLikeZip = (body: Uint8Array) =>
  body.length >= 4 && body[0] === 0x50 && body[1] === 0x4b && (body[2] === 3 || body[2] === 5) && (body[3] === 4 || body[3] === 6);

const CODE_PAGES: Record<string, string> = {
  936: 'gb18030', 20936: 'gb18030', 54936: 'gb18030', 950: 'big5', 65001: 'utf-8', 932: 'shift_jis', 949: 'euc-kr',
  28591: 'windows-1252', 1252: 'windows-1252',
};

/** A WHATWG encoding label for what a .cpg says ("UTF-8", "GBK", "936", "CP936", "ANSI 936"…), if Node can decode it. */
export function cpgEncoding(cpg: string): string | undefined {
  const text = cpg.trim().replace(/^ANSI\s*/i, '');
  const page = /^(?:CP|windows-|MS)?(\d+)$/i.exec(text)?.[1];
  const label = page ? CODE_PAGES[page] ?? `windows-${page}` : text;
  try {
    const encoding = new TextDecoder(label).encoding;
    // GBK text is decoded as GB18030, its superset, so a character outside GBK still comes out right.
    return encoding === 'gbk' ? 'gb18030' : encoding;
  } catch {
    return undefined;
  }
}

/** The dBase language driver ids that name a Chinese code page. */
const LANGUAGE_DRIVERS: Record<number, string> = { 0x4d: 'gb18030', 0x7a: 'gb18030', 0x4f: 'big5', 0x78: 'big5' };

/**
 * How a .dbf's text is encoded: what its .cpg says, else its language driver id, else UTF-8 if the text is valid
 * UTF-8 and GB18030 if not (Chinese desktop GIS writes the system code page, 936, and often no .cpg).
 */
function dbfEncoding(dbf: Uint8Array, cpg: string | undefined): string {
  if (cpg !== undefined && cpg.trim() !== '') {
    const encoding = cpgEncoding(cpg);
    if (!encoding) {
      throw unprocessable('unsupported_encoding', `The .cpg names the encoding "${cpg.trim()}", which cannot be read; `
        + 'save the attributes as UTF-8 (or GBK) and send the file again.', { cpg: cpg.trim() });
    }
    return encoding;
  }
  const driver = LANGUAGE_DRIVERS[dbf[29]];
  if (driver) return driver;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(32));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

const SHAPE_TYPES: Record<number, string> = {
  0: 'no shapes', 1: 'points', 3: 'lines', 5: 'polygons', 8: 'multipoints', 11: 'points', 13: 'lines', 15: 'polygons',
  18: 'multipoints', 21: 'points', 23: 'lines', 25: 'polygons', 28: 'multipoints', 31: 'multipatches',
};

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** One zipped Shapefile layer of polygons; a 400 for a zip that holds none (or several), 422 for a refused .prj. */
export function readShapefileZip(body: Uint8Array): ImportFile {
  if (!looksLikeZip(body)) {
    throw badRequest('invalid_zip', 'The body is not a zip archive; send a zipped Shapefile (.shp, .dbf, .prj, .cpg).');
  }
  let unpacked = 0;
  const all: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(body, {
      filter: (file) => {
        const base = file.name.split('/').pop() ?? '';
        if (file.name.endsWith('/') || file.name.includes('__MACOSX/') || base.startsWith('._')) return false;
        all.push(file.name);
        if (!/\.(shp|dbf|prj|cpg)$/i.test(base)) return false;
        unpacked += file.originalSize;
        if (unpacked > MAX_UNZIPPED_BYTES) {
          throw new HttpError(413, 'too_large', `The zip unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB.`);
        }
        return true;
      },
    });
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw badRequest('invalid_zip', `The zip archive cannot be read: ${(err as Error).message}.`);
  }
  // Files by layer name and lower-case extension, wherever in the archive they sit.
  const layers = new Map<string, Record<string, Uint8Array>>();
  for (const [path, bytes] of Object.entries(files)) {
    const m = /^(.*)\.([^.]+)$/.exec(path);
    if (!m) continue;
    const parts = layers.get(m[1]) ?? {};
    parts[m[2].toLowerCase()] = bytes;
    layers.set(m[1], parts);
  }
  const shps = [...layers.entries()].filter(([, parts]) => parts.shp);
  if (shps.length === 0) {
    throw badRequest('no_shapefile', `The zip holds no .shp file${all.length ? ` (it holds ${all.slice(0, 10).join(', ')})` : ' (it is empty)'}.`,
      { files: all.slice(0, 100) });
  }
  if (shps.length > 1) {
    throw badRequest('several_layers', `The zip holds ${shps.length} Shapefiles; send one layer of grids at a time.`,
      { layers: shps.map(([name]) => name) });
  }
  const [path, parts] = shps[0];
  const name = path.split('/').pop() ?? path;
  if (!parts.dbf) throw badRequest('invalid_shapefile', `${name}.shp has no ${name}.dbf beside it; a Shapefile needs both.`);
  const decoder = new TextDecoder();
  const declared = parts.prj ? prjCrs(decoder.decode(parts.prj)) : undefined;

  const shp = view(parts.shp);
  if (shp.byteLength < 100 || shp.getInt32(0) !== 9994) {
    throw badRequest('invalid_shapefile', `${name}.shp is not a Shapefile (no file header).`);
  }
  const shapeType = shp.getInt32(32, true);
  if (![5, 15, 25].includes(shapeType)) {
    throw badRequest('not_polygons', `${name}.shp holds ${SHAPE_TYPES[shapeType] ?? `shapes of type ${shapeType}`}; only polygons are grids.`,
      { shape_type: shapeType });
  }
  const [xmin, ymin, xmax, ymax] = [36, 44, 52, 60].map((at) => shp.getFloat64(at, true));
  if (Math.max(Math.abs(xmin), Math.abs(xmax)) > 180 || Math.max(Math.abs(ymin), Math.abs(ymax)) > 90) {
    throw unprocessable('unsupported_crs',
      `The coordinates of ${name}.shp reach x ${Math.round(Math.max(Math.abs(xmin), Math.abs(xmax)))}, `
      + `y ${Math.round(Math.max(Math.abs(ymin), Math.abs(ymax)))}: a projected system in metres, not longitude/latitude. `
      + 'Reproject it to EPSG:4490 (CGCS2000) in your GIS and send it again.', { bbox: [xmin, ymin, xmax, ymax] });
  }

  // Record lengths are checked before shpjs reads them: it stops quietly at a record that runs past the end, and a
  // damaged or truncated file must be refused as such, not imported short.
  for (let at = 100; at + 8 <= shp.byteLength;) {
    const length = shp.getInt32(at + 4) * 2;
    if (length < 0 || at + 8 + length > shp.byteLength) {
      throw badRequest('invalid_shapefile', `${name}.shp is damaged: the record at byte ${at} runs past the end of the file.`);
    }
    at += 8 + length;
  }

  const encoding = dbfEncoding(parts.dbf, parts.cpg ? decoder.decode(parts.cpg) : undefined);
  let geometries: (ShpGeometry | null)[];
  let rows: Record<string, unknown>[];
  try {
    geometries = shpjs.parseShp(shp);
    rows = shpjs.parseDbf(view(parts.dbf), encoding);
  } catch (err) {
    throw badRequest('invalid_shapefile', `${name} cannot be read: ${(err as Error).message}.`);
  }
  if (geometries.length !== rows.length) {
    throw badRequest('invalid_shapefile',
      `${name}.shp holds ${geometries.length} shapes but ${name}.dbf ${rows.length} records; they must match one to one.`);
  }
  // Records flagged deleted ('*') are still in the file; desktop GIS hides them, and so does the import.
  const dbf = view(parts.dbf);
  const [headerLength, recordLength] = [dbf.getUint16(8, true), dbf.getUint16(10, true)];
  const deleted = (i: number) => headerLength + i * recordLength < dbf.byteLength && dbf.getUint8(headerLength + i * recordLength) === 0x2a;
  const features = rows
    .map((props, i) => ({ geometry: geometries[i] ?? null, properties: lowerKeys(props), i }))
    .filter(({ i }) => !deleted(i))
    .map(({ geometry, properties }) => ({ geometry, properties }));
  return { format: 'shapefile', name, declared, encoding, features };
}

// ---------------------------------------------------------------------------------------------------------------
// Checking and importing

/** Each feature's polygon in WGS84, or one 400 that lists every feature that is not a single polygon. */
function polygonsOf(file: ImportFile, crs: Crs): Polygon[] {
  if (file.features.length === 0) throw badRequest('empty_file', 'The file holds no features; there is nothing to import.');
  if (file.features.length > MAX_IMPORT_FEATURES) {
    throw badRequest('too_many_features', `The file holds ${file.features.length} features; import at most ${MAX_IMPORT_FEATURES} at a time.`);
  }
  const problems: { index: number; error: string }[] = [];
  const polygons = file.features.map(({ geometry }, index) => {
    const g = geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    const what = `feature ${index}'s geometry`;
    try {
      if (!g || typeof g !== 'object') throw badRequest('invalid_geojson', `Feature ${index} has no geometry.`);
      if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length !== 1) {
        throw badRequest('invalid_geojson',
          `Feature ${index} is a MultiPolygon of ${g.coordinates.length} parts; a grid is one polygon, so split it into one feature per part.`);
      }
      const single = g.type === 'MultiPolygon' ? { type: 'Polygon', coordinates: (g.coordinates as unknown[])[0] } : g;
      if (single.type !== 'Polygon') throw badRequest('invalid_geojson', `Feature ${index} is a ${String(g.type)}, not a Polygon.`);
      return toWgs84(polygonInput(single, what), crs);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      problems.push({ index, error: err.message });
      return null as unknown as Polygon;
    }
  });
  if (problems.length) {
    throw badRequest('not_polygons',
      `${problems.length} of ${file.features.length} features are not single polygons, so nothing was imported. `
      + `The first: ${problems[0].error}`, { features: problems.slice(0, 100) });
  }
  return polygons;
}

const text = (props: Record<string, unknown>, key: string): string | undefined => {
  const v = props[key];
  if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
};

/** What a feature's properties ask for; a 400-coded error (reported against the feature) for a value that is wrong. */
function featureInput(props: Record<string, unknown>) {
  const raw = props.code;
  if (typeof raw === 'number') {
    throw badRequest('invalid_code', `code must be text: as a number (${raw}) a 17-digit code loses its last digits. `
      + 'Store it in a text (C) field.');
  }
  const code = text(props, 'code');
  if (code !== undefined && !/^\d{17}$/.test(code)) throw badRequest('invalid_code', `code must be a 17-digit grid code, not "${code}".`);
  const groupCode = text(props, 'group_code');
  if (groupCode !== undefined && !/^\d{15}$/.test(groupCode)) {
    throw badRequest('invalid_unit', `group_code must be a 15-digit village group code, not "${groupCode}".`);
  }
  const attrs: GridAttributes = { kind: kindInput(text(props, 'kind')) };
  const name = text(props, 'name');
  if (name !== undefined && name.length > 100) throw badRequest('invalid_parameter', 'name must be text of at most 100 characters.');
  if (name !== undefined) attrs.name = name;
  const worker = text(props, 'worker_id');
  if (worker !== undefined) {
    if (!/^\d{1,15}$/.test(worker)) throw badRequest('invalid_parameter', `worker_id must be a grid worker's id, not "${worker}".`);
    attrs.workerId = Number(worker);
  }
  const version = text(props, 'version');
  if (version !== undefined && !/^\d{1,9}(\.0*)?$/.test(version)) {
    throw badRequest('invalid_parameter', `version must be the grid version the file was made from, not "${version}".`);
  }
  const reason = text(props, 'reason');
  return { code, groupCode, attrs, version: version === undefined ? null : Math.trunc(Number(version)), reason: reason?.slice(0, 500) };
}

interface Match {
  id: number;
  group_code: string;
  kind: string;
  name: string;
  worker_id: number | null;
  version: number;
  retired: boolean;
  same_shape: boolean;
}

async function importFeature(client: pg.ClientBase, actor: Actor, entry: FeatureReport, polygon: Polygon,
                             props: Record<string, unknown>, defaultReason: string, dryRun: boolean): Promise<void> {
  const input = featureInput(props);
  const reason = input.reason ?? defaultReason;
  if (entry.action === 'create') {
    const id = await createGrid(client, actor, { polygon, groupCode: input.groupCode, attrs: input.attrs, reason, action: 'import' });
    entry.code = (await client.query('select code from grid where id = $1', [id])).rows[0].code;
    if (!dryRun) entry.id = id;
    return;
  }
  const code = input.code!;
  const grid = (await client.query<Match>(MATCH, [code, JSON.stringify(polygon), UNCHANGED_DEGREES])).rows[0];
  if (!grid || grid.retired) {
    throw unprocessable('unknown_grid', grid
      ? `Grid ${code} was retired; leave code empty to draw it as a new grid.`
      : `There is no grid ${code}; leave code empty to create a new grid (its code is assigned).`, { code });
  }
  entry.id = grid.id;
  assertCovers(actor, code);
  if (input.groupCode && input.groupCode !== grid.group_code) {
    throw unprocessable('group_mismatch', `Grid ${code} belongs to group ${grid.group_code}, not ${input.groupCode}; `
      + 'a grid cannot move to another group (retire it and draw a new one there).', { group_code: grid.group_code });
  }
  const { kind, name, workerId } = input.attrs;
  if (grid.same_shape && (kind === undefined || kind === grid.kind) && (name === undefined || name === grid.name)
    && (workerId === undefined || workerId === grid.worker_id)) {
    entry.unchanged = true;
    return;
  }
  // An unchanged shape is not fitted again: a file that only renames grids must not trip over edges that were
  // stored before today's rules (fitting would re-trim them and could refuse the grid for what it already is).
  await updateGrid(client, actor, grid.id, input.version,
    { polygon: grid.same_shape ? undefined : polygon, attrs: input.attrs, reason, action: 'import' });
}

/** Geometry the database refused (GEOS, a check constraint) is the file's fault, reported against the feature. */
function rejection(err: unknown, crs: Crs): ImportError | null {
  if (err instanceof HttpError && err.status < 500) {
    const details = err.details as { where?: { type?: string } } | undefined;
    // Where it fails is shown in the file's own coordinates, so it lands on the planner's map.
    const shown = details?.where?.type ? { ...details, where: fromWgs84(details.where as Polygon, crs) } : details;
    return { code: err.code, message: err.message, ...(shown === undefined ? {} : { details: shown }) };
  }
  const pgErr = err as { code?: string; message?: string };
  if ((pgErr?.code === 'XX000' && /GEOS|Topology|GeoJSON/i.test(String(pgErr.message))) || pgErr?.code === '23514' || pgErr?.code === '22023') {
    return { code: 'invalid_geometry', message: `The geometry cannot be processed: ${pgErr.message}` };
  }
  return null;
}

/**
 * Imports a file's features in order, inside the caller's transaction. Each feature with a `code` updates that live
 * grid (a new version, unless nothing changes); one without creates a grid (history action 'import'), in the
 * `group_code` given or the group holding most of it. Returns the report; a dry run is rolled back, and a real run
 * with any feature refused is rolled back and answered with a 422 import_rejected carrying the report.
 */
export async function importGrids(client: pg.ClientBase, actor: Actor, file: ImportFile,
                                  opts: { crs: Crs; dryRun: boolean }): Promise<ImportReport> {
  const polygons = polygonsOf(file, opts.crs);
  const defaultReason = `import of ${file.format === 'shapefile' ? 'Shapefile' : 'GeoJSON'}${file.name ? ` ${file.name}` : ''}`
    + (opts.crs === 'gcj02' ? ' (GCJ-02)' : '');
  const features: FeatureReport[] = [];
  await client.query('savepoint grid_import');
  for (const [index, { properties }] of file.features.entries()) {
    const named = text(properties, 'code');
    const entry: FeatureReport = { index, ...(named ? { code: named } : {}), action: named ? 'update' : 'create', status: 'ok' };
    await client.query('savepoint grid_import_feature');
    try {
      await importFeature(client, actor, entry, polygons[index], properties, defaultReason, opts.dryRun);
      await client.query('release savepoint grid_import_feature');
    } catch (err) {
      const error = rejection(err, opts.crs);
      if (!error) throw err;
      await client.query('rollback to savepoint grid_import_feature');
      entry.status = 'rejected';
      entry.error = error;
      delete entry.unchanged;
      if (entry.action === 'create') delete entry.code;
    }
    features.push(entry);
  }
  const count = (f: (e: FeatureReport) => boolean) => features.filter(f).length;
  const report: ImportReport = {
    dry_run: opts.dryRun,
    format: file.format,
    crs: opts.crs,
    ...(file.declared ? { declared_crs: file.declared } : {}),
    ...(file.encoding ? { encoding: file.encoding } : {}),
    total: features.length,
    created: count((e) => e.status === 'ok' && e.action === 'create'),
    updated: count((e) => e.status === 'ok' && e.action === 'update' && !e.unchanged),
    unchanged: count((e) => e.status === 'ok' && e.unchanged === true),
    rejected: count((e) => e.status === 'rejected'),
    features,
  };
  if (opts.dryRun || report.rejected > 0) await client.query('rollback to savepoint grid_import');
  if (!opts.dryRun && report.rejected > 0) {
    throw unprocessable('import_rejected',
      `${report.rejected} of ${report.total} features were refused, so nothing was imported; each is listed with its `
      + 'reason in details.report. Fix them and send the file again (dry_run=true checks without writing).', { report });
  }
  return report;
}
