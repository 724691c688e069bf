import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { Pool } from '../db/pool.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const LIST_GRIDS = sql('list-grids.sql');
const GET_GRID = sql('get-grid.sql');

/** Most grids one list answers; a whole county (4,776) fits. */
export const GRID_LIST_LIMIT = 10000;

interface GridRow {
  id: number;
  geometry: Polygon;
  worker_name: string | null;
  worker_phone: string | null;
  [key: string]: unknown;
}

function toFeature({ geometry, worker_name, worker_phone, ...props }: GridRow): Feature<Polygon> {
  return {
    type: 'Feature',
    id: props.id,
    geometry,
    properties: { ...props, worker: worker_name ? { name: worker_name, phone: worker_phone } : null },
  };
}

/** What the county posts publicly about a grid; household and population counts only for those it answers to. */
export function visibleTo(feature: Feature<Polygon>, jurisdiction: string | undefined): Feature<Polygon> {
  const props = feature.properties ?? {};
  if (jurisdiction && String(props.code).startsWith(jurisdiction)) return feature;
  const { households: _h, population: _p, ...posted } = props;
  return { ...feature, properties: posted };
}

export async function listGrids(
  db: Pool,
  filter: { bbox?: [number, number, number, number]; scope: string },
): Promise<FeatureCollection<Polygon>> {
  const [w, s, e, n] = filter.bbox ?? [null, null, null, null];
  const { rows } = await db.query<GridRow>(LIST_GRIDS, [w, s, e, n, filter.scope, GRID_LIST_LIMIT]);
  return { type: 'FeatureCollection', features: rows.map(toFeature) };
}

export async function getGrid(db: Pool, id: number): Promise<Feature<Polygon> | null> {
  const { rows } = await db.query<GridRow>(GET_GRID, [id]);
  return rows[0] ? toFeature(rows[0]) : null;
}
