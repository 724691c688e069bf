// The query parameters of /ogc/collections/{id}/items, checked and turned into one SQL condition. Anything the
// API does not define is a 400 (OGC API – Features /req/core/query-param-unknown), so a typo is not silently
// answered with every feature.
import { badRequest } from '../http/errors.ts';
import { bboxParam } from '../http/params.ts';
import type { Collection } from './collections.ts';
import { parseCql2 } from './cql2.ts';
import { cql2ToSql, propertyEquals, SqlParams } from './cql2-sql.ts';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

const STANDARD = new Set(['f', 'bbox', 'bbox-crs', 'crs', 'datetime', 'limit', 'after', 'filter', 'filter-lang', 'filter-crs']);

/** One end of a time period; a day given as a date ends where the next begins, so that end is exclusive. */
interface Bound { at: Date; exclusive: boolean }
export interface Period { from: Bound | null; to: Bound | null }

export interface ItemsRequest {
  limit: number;
  /** The key of the last feature of the previous page. */
  after: string | number | null;
  /** The conditions on the wrapped query (alias src), true when none. */
  where: string;
  params: SqlParams;
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest('invalid_parameter', `Give ${name} once, as text.`);
  return raw;
}

/** f=json (or geojson, or absent): HTML is not offered. */
export function formatParam(query: Record<string, unknown>, allowed: readonly string[] = ['json']): void {
  const f = single(query, 'f');
  if (f !== undefined && !allowed.includes(f)) {
    throw badRequest('unsupported_format', `f must be ${allowed.join(' or ')}; this API answers in JSON only.`);
  }
}

/** Only f on the metadata resources. */
export function onlyFormat(query: Record<string, unknown>): void {
  const unknown = Object.keys(query).filter((k) => k !== 'f');
  if (unknown.length > 0) throw badRequest('unknown_parameter', `Unknown query parameter ${unknown.join(', ')}.`);
  formatParam(query);
}

function crsParams(query: Record<string, unknown>, names: string[]): void {
  for (const name of names) {
    const crs = single(query, name);
    if (crs !== undefined && crs !== CRS84) throw badRequest('unsupported_crs', `${name} must be ${CRS84}, the only CRS served.`);
  }
}

/** The parameters of one feature: f and crs. */
export function featureParams(query: Record<string, unknown>): void {
  const unknown = Object.keys(query).filter((k) => k !== 'f' && k !== 'crs');
  if (unknown.length > 0) throw badRequest('unknown_parameter', `Unknown query parameter ${unknown.join(', ')}.`);
  formatParam(query, ['json', 'geojson']);
  crsParams(query, ['crs']);
}

export function limitParam(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw badRequest('invalid_limit', `limit must be a whole number from 1 (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}), not "${raw}".`);
  }
  // Above the maximum the server answers the maximum, as OGC API – Features permits; the next link carries on.
  return Math.min(Number(raw), MAX_LIMIT);
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/i;

function instant(text: string, end: boolean): Bound {
  const m = INSTANT.exec(text);
  const at = m ? new Date(m[2] ? text : `${m[1]}T00:00:00Z`) : new Date(NaN);
  if (!m || Number.isNaN(at.getTime())) {
    throw badRequest('invalid_datetime', `"${text}" is not an RFC 3339 date or time (2024-05-01 or 2024-05-01T08:00:00Z).`);
  }
  if (m[2] || !end) return { at, exclusive: false };
  return { at: new Date(at.getTime() + 86_400_000), exclusive: true };
}

/** datetime: an instant, or an interval start/end with ".." (or nothing) for an open end; dates are UTC days. */
export function datetimeParam(raw: string): Period {
  const parts = raw.split('/');
  if (parts.length === 1) return { from: instant(raw, false), to: instant(raw, true) };
  if (parts.length !== 2) throw badRequest('invalid_datetime', 'datetime is an instant or start/end (".." for an open end).');
  const [a, b] = parts.map((p) => (p === '..' || p === '' ? null : p));
  if (a === null && b === null) throw badRequest('invalid_datetime', 'datetime needs at least one end.');
  const period = { from: a === null ? null : instant(a, false), to: b === null ? null : instant(b, true) };
  if (period.from && period.to && (period.from.at > period.to.at || (period.to.exclusive && period.from.at >= period.to.at))) {
    throw badRequest('invalid_datetime', 'The start of datetime is after its end.');
  }
  return period;
}

/** The condition that a row's time (an instant, or an interval) meets the period. */
function periodSql(c: Collection, p: Period, params: SqlParams): string {
  if (!c.time) throw badRequest('invalid_datetime', `${c.id} has no time to filter on; leave out datetime.`);
  const start = `src.${c.time.start}`;
  const end = `src.${c.time.end ?? c.time.start}`;
  const conditions: string[] = [];
  if (p.from) conditions.push(`${end} >= ${params.add(p.from.at, 'timestamptz')}`);
  if (p.to) conditions.push(`${start} ${p.to.exclusive ? '<' : '<='} ${params.add(p.to.at, 'timestamptz')}`);
  return conditions.join(' and ');
}

function keyParam(c: Collection, raw: string): string | number {
  if (c.key.type === 'string') return raw;
  if (!/^\d{1,15}$/.test(raw)) throw badRequest('invalid_parameter', `after must be a feature id, not "${raw}".`);
  return Number(raw);
}

/**
 * Reads the items request: bbox (CRS84), datetime, limit, after (the keyset cursor of next links), property
 * equality filters and a CQL2 text filter. `base` are the collection query's own values ($1, and $2 if it has one).
 */
export function itemsRequest(c: Collection, query: Record<string, unknown>, base: unknown[]): ItemsRequest {
  for (const name of Object.keys(query)) {
    if (!STANDARD.has(name) && !Object.hasOwn(c.properties, name)) {
      throw badRequest('unknown_parameter', `Unknown query parameter "${name}"; ${c.id} filters on bbox, datetime, `
        + `filter and its queryables: ${Object.keys(c.properties).join(', ')}.`);
    }
  }
  formatParam(query, ['json', 'geojson']);
  crsParams(query, ['crs', 'bbox-crs', 'filter-crs']);
  const lang = single(query, 'filter-lang');
  if (lang !== undefined && lang !== 'cql2-text') throw badRequest('invalid_filter_lang', 'filter-lang must be cql2-text.');

  const params = new SqlParams(base);
  const where: string[] = [];
  const bboxText = single(query, 'bbox');
  if (bboxText !== undefined) {
    const [w, s, e, n] = bboxParam(bboxText);
    where.push(`st_intersects(src.geom, st_makeenvelope(${params.add(w, 'float8')}, ${params.add(s, 'float8')}, `
      + `${params.add(e, 'float8')}, ${params.add(n, 'float8')}, 4326))`);
  }
  const datetime = single(query, 'datetime');
  if (datetime !== undefined) where.push(periodSql(c, datetimeParam(datetime), params));
  for (const name of Object.keys(c.properties)) {
    const value = single(query, name);
    if (value !== undefined) where.push(propertyEquals(c, name, value, params));
  }
  const filter = single(query, 'filter');
  if (filter !== undefined) where.push(cql2ToSql(c, parseCql2(filter), params));

  const after = single(query, 'after');
  return {
    limit: limitParam(single(query, 'limit')),
    after: after === undefined ? null : keyParam(c, after),
    where: where.length > 0 ? where.join(' and ') : 'true',
    params,
  };
}
