// Reading a collection: each request wraps the collection's fixed query (alias src) with the conditions
// item-params.ts built, so bbox and filters reach the indexed columns after PostgreSQL flattens the subquery.
// Pages are keyset (key > last, ordered by key): a deep page costs what the first does. No HTTP here.
import type { Feature, Geometry } from 'geojson';
import type { Pool } from '../db/pool.ts';
import type { Collection } from './collections.ts';
import type { ItemsRequest } from './item-params.ts';

/** Who is reading: the code prefix rows must fall under ('' for all) and the viewer's jurisdiction ('' if none). */
export interface Reader { scope: string; viewer: string }

export const baseParams = (c: Collection, r: Reader): unknown[] => (c.viewerParam ? [r.scope, r.viewer] : [r.scope]);

const selectList = (c: Collection) => {
  const names = [...new Set([c.key.column, ...Object.keys(c.properties)])];
  // GeoJSON has no M: a patrol's times per vertex are in GET /api/patrols/{id}.
  return `${names.map((n) => `src.${n}`).join(', ')}, st_asgeojson(st_force2d(src.geom), 7)::json as geometry`;
};

function toFeature(c: Collection, row: Record<string, unknown>): Feature<Geometry> {
  const { geometry, ...rest } = row;
  const id = rest[c.key.column] as string | number;
  const properties = Object.fromEntries(Object.keys(c.properties).map((k) => [k, rest[k] ?? null]));
  return { type: 'Feature', id, geometry: geometry as Geometry, properties };
}

export interface ItemsPage {
  features: Feature<Geometry>[];
  numberMatched: number;
  /** The key to continue after, when there is more. */
  next: string | number | null;
}

export async function listItems(db: Pool, c: Collection, req: ItemsRequest): Promise<ItemsPage> {
  const countSql = `select count(*)::int as n from (${c.sql}) src where ${req.where}`;
  const pageParams = [...req.params.values];
  let cursor = '';
  if (req.after !== null) {
    pageParams.push(req.after);
    cursor = ` and src.${c.key.column} > $${pageParams.length}::${c.key.type === 'integer' ? 'bigint' : 'text'}`;
  }
  // One row more than asked tells whether a next page exists without counting what lies after the cursor.
  pageParams.push(req.limit + 1);
  const pageSql = `select ${selectList(c)} from (${c.sql}) src where (${req.where})${cursor}
    order by src.${c.key.column} limit $${pageParams.length}::int`;
  const [count, page] = await Promise.all([
    db.query<{ n: number }>(countSql, req.params.values),
    db.query<Record<string, unknown>>(pageSql, pageParams),
  ]);
  const rows = page.rows.slice(0, req.limit);
  const more = page.rows.length > req.limit;
  return {
    features: rows.map((r) => toFeature(c, r)),
    numberMatched: count.rows[0].n,
    next: more ? (rows[rows.length - 1][c.key.column] as string | number) : null,
  };
}

export async function getItem(db: Pool, c: Collection, reader: Reader, id: string): Promise<Feature<Geometry> | null> {
  if (c.key.type === 'integer' && !/^\d{1,15}$/.test(id)) return null;
  const params = baseParams(c, reader);
  params.push(c.key.type === 'integer' ? Number(id) : id);
  const { rows } = await db.query<Record<string, unknown>>(
    `select ${selectList(c)} from (${c.sql}) src where src.${c.key.column} = $${params.length}::${c.key.type === 'integer' ? 'bigint' : 'text'}`,
    params,
  );
  return rows[0] ? toFeature(c, rows[0]) : null;
}

export interface Extent { bbox: [number, number, number, number] | null; interval: [string | null, string | null] | null }

/** The extent of what this reader sees of a collection: its bounding box and, where it has a time, the period. */
export async function collectionExtent(db: Pool, c: Collection, reader: Reader): Promise<Extent> {
  const time = c.time ? `, min(src.${c.time.start}) as t0, max(src.${c.time.end ?? c.time.start}) as t1` : '';
  const { rows } = await db.query(
    `select st_xmin(e) as w, st_ymin(e) as s, st_xmax(e) as e, st_ymax(e) as n${c.time ? ', t0, t1' : ''}
     from (select st_extent(src.geom) as e${time} from (${c.sql}) src) x`,
    baseParams(c, reader),
  );
  const r = rows[0];
  return {
    bbox: r?.w == null ? null : [r.w, r.s, r.e, r.n],
    interval: c.time ? [r?.t0?.toISOString() ?? null, r?.t1?.toISOString() ?? null] : null,
  };
}
