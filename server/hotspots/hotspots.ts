// Statistical hot spots of hazards (Getis–Ord Gi*) over a unit's micro-grids or over hexagons. The database counts
// and sums per cell and neighbourhood; gi-star.ts turns the sums into z-scores. No HTTP here.
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Pool } from '../db/pool.ts';
import type { HazardState, Severity } from '../hazards/hazard-lifecycle.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { fdrCorrect, giStar, HOTSPOT_CLASSES, type HotspotClass } from './gi-star.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = {
  unit: sql('hotspot-unit.sql'),
  grid: sql('hotspot-grid-cells.sql'),
  hex: sql('hotspot-hex-cells.sql'),
};

/**
 * What a hazard weighs in the analysis: a major hazard (a task force, supervised) is worth more than a handful of
 * minor ones fixed on the spot. Changing these changes every answer, which therefore states them.
 */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { minor: 1, general: 2, major: 5 };

export const CELL_KINDS = ['grid', 'hex'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export const DEFAULT_HEX_SIZE = 500;
/** Beyond this many hexagons (estimated from the unit's extent) the answer is refused: too slow and too large to draw. */
export const MAX_HEX_CELLS = 20_000;

const NEIGHBOURHOOD: Record<CellKind, string> = {
  grid: 'binary: the grid itself and every live grid sharing an edge or a corner with it (within 0.1 m)',
  hex: 'binary: the hexagon itself and the six of its first ring (centres within size·√3·1.01)',
};

/** Multiple-testing correction of the classes: none (each cell at its own p), or the false discovery rate. */
export const CORRECTIONS = ['none', 'fdr'] as const;
export type Correction = (typeof CORRECTIONS)[number];

export interface HotspotQuery {
  unit: string;
  cells: CellKind;
  /** Hexagon size in metres on the ground, centre to corner (ST_HexagonGrid's size); only for cells = hex. */
  size: number;
  from?: Date;
  to?: Date;
  severity?: Severity[];
  category?: string[];
  status?: HazardState[];
  correction?: Correction;
}

export interface HotspotProperties {
  id: number | string;
  code?: string;
  name?: string;
  count: number;
  weight: number;
  neighbours: number;
  gi_z: number | null;
  p_value: number | null;
  class: HotspotClass;
}

export interface HotspotCollection extends FeatureCollection<Geometry, HotspotProperties> {
  unit: string;
  unit_name: string;
  cells: CellKind;
  size?: number;
  from: Date | null;
  to: Date | null;
  filters: { severity: Severity[] | null; category: string[] | null; status: HazardState[] | null };
  weights: Readonly<Record<Severity, number>>;
  neighbourhood: string;
  correction: Correction;
  totals: {
    cells: number;
    hazards: number;
    weight: number;
    mean: number;
    sd: number;
    classes: Record<HotspotClass, number>;
  };
}

interface CellRow {
  id?: number;
  code?: string;
  name?: string;
  i?: number;
  j?: number;
  n: number;
  w: number;
  k: number;
  wx: number;
  geometry: Geometry;
}

/** Gi* hot spots of the hazards matching the query, one feature per cell of the unit. */
export async function hotspots(db: Pool, q: HotspotQuery): Promise<HotspotCollection> {
  const { rows: [unit] } = await db.query<{ code: string; name: string; extent_area_3857: number; lat: number }>(Q.unit, [q.unit]);
  if (!unit) throw notFound(`No administrative unit or live grid ${q.unit}.`);
  if (q.cells === 'hex') {
    // A hexagon of size s covers 3√3/2·s²; Web Mercator areas are larger by 1/cos²(latitude).
    const s3857 = q.size / Math.cos((unit.lat * Math.PI) / 180);
    const estimate = unit.extent_area_3857 / ((3 * Math.sqrt(3) / 2) * s3857 * s3857);
    if (estimate > MAX_HEX_CELLS) {
      const smallest = Math.ceil(q.size * Math.sqrt(estimate / MAX_HEX_CELLS));
      throw badRequest('too_many_cells', `size ${q.size} m would cut ${q.unit} into about ${Math.round(estimate)} hexagons; `
        + `at most ${MAX_HEX_CELLS} are analysed: use size ${smallest} or more, or a smaller unit.`, { estimate, max: MAX_HEX_CELLS, smallest });
    }
  }
  const params: unknown[] = [q.unit, q.from ?? null, q.to ?? null, q.severity ?? null, q.category ?? null, q.status ?? null,
    JSON.stringify(SEVERITY_WEIGHTS)];
  const { rows } = q.cells === 'grid' ? await db.query<CellRow>(Q.grid, params) : await db.query<CellRow>(Q.hex, [...params, q.size]);

  const stats = giStar(rows.map((r) => ({ x: r.w, wSum: r.k, wxSum: r.wx })));
  const correction = q.correction ?? 'none';
  if (correction === 'fdr') stats.cells = fdrCorrect(stats.cells);
  const classes = Object.fromEntries(HOTSPOT_CLASSES.map((c) => [c, 0])) as Record<HotspotClass, number>;
  let hazards = 0;
  let weight = 0;
  const features = rows.map((r, index): Feature<Geometry, HotspotProperties> => {
    const g = stats.cells[index];
    classes[g.class]++;
    hazards += r.n;
    weight += r.w;
    const id = q.cells === 'grid' ? r.id! : `${r.i},${r.j}`;
    const named = q.cells === 'grid' ? { code: r.code, name: r.name } : {};
    return {
      type: 'Feature', id, geometry: r.geometry,
      properties: { id, ...named, count: r.n, weight: r.w, neighbours: r.k, gi_z: g.z, p_value: g.p, class: g.class },
    };
  });
  return {
    type: 'FeatureCollection',
    unit: unit.code,
    unit_name: unit.name,
    cells: q.cells,
    ...(q.cells === 'hex' ? { size: q.size } : {}),
    from: q.from ?? null,
    to: q.to ?? null,
    filters: { severity: q.severity ?? null, category: q.category ?? null, status: q.status ?? null },
    weights: SEVERITY_WEIGHTS,
    neighbourhood: NEIGHBOURHOOD[q.cells],
    correction,
    totals: { cells: rows.length, hazards, weight, mean: stats.mean, sd: stats.sd, classes },
    features,
  };
}
