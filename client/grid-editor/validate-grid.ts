import {
  area, bbox, difference, featureCollection, flatten, intersect, kinks, length, lineIntersect, lineString, polygon as turfPolygon,
  polygonToLine,
} from '@turf/turf';
import type { Feature, Geometry, LineString, MultiPolygon, Polygon } from 'geojson';

/**
 * Pieces of overlap or outside the group that the server trims instead of refusing (its gw_is_dust): smaller than
 * this area, or thinner than DUST_WIDTH_M (a long hair-thin sliver from rounding is nobody's land).
 */
export const TOLERANCE_M2 = 1;
export const DUST_WIDTH_M = 0.1;
/** The smallest grid the server accepts. */
export const MIN_AREA_M2 = 100;
/** A grid whose mean width (2·area / perimeter) is below this is a sliver, whatever its area. */
export const MIN_MEAN_WIDTH_M = 5;

export type ProblemKind = 'kink' | 'overlap' | 'outside' | 'too_small' | 'thin' | 'no_split';

/** One thing wrong with a draft, where it is (to draw it red), and with what (a neighbour's code). */
export interface Problem {
  kind: ProblemKind;
  where: Geometry;
  /** m² for overlaps, outside parts and small grids; metres of mean width for thin ones. */
  size?: number;
  neighbour?: string;
}

export interface ValidationContext {
  /** The live grids around the draft, without the grid being edited. */
  neighbours: readonly Feature<Polygon, { code?: string; group_code?: string }>[];
  /** The village group the grid belongs to; without it the outside check is skipped. */
  parent: Feature<Polygon | MultiPolygon, { code?: string }> | null;
}

type Box = [number, number, number, number];
const boxesMeet = (a: Box, b: Box) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

/** A polygon with at least three distinct corners: anything less is a draft still being started. */
function drawable(p: Polygon): boolean {
  const ring = p.coordinates[0] ?? [];
  return new Set(ring.map(([x, y]) => `${x},${y}`)).size >= 3;
}

/**
 * What is wrong with a draft grid, as the server would find it on save: self-intersections, overlaps with
 * neighbours, parts outside the village group, and slivers. Turf's overlay can fail on degenerate input (a draft
 * halfway through a drag); such a check is skipped for that frame rather than reported.
 */
export function validateGrid(draft: Polygon, context: ValidationContext): Problem[] {
  if (!drawable(draft)) return [];
  const shape = turfPolygon(draft.coordinates);
  const problems: Problem[] = [];

  const crossings = kinks(shape).features;
  for (const point of crossings) problems.push({ kind: 'kink', where: point.geometry });
  // Overlay operations on a self-intersecting ring give nonsense; the kink is the thing to fix first.
  if (crossings.length > 0) return problems;

  // As the server counts them: overlaps with the grids of the same group, added up; a grid of another group can
  // only be reached by leaving the group, which the outside check reports. Without a known group, all count.
  const group = context.parent?.properties?.code;
  const box = bbox(shape) as Box;
  const overlaps: Problem[] = [];
  for (const neighbour of context.neighbours) {
    if (group && neighbour.properties.group_code && neighbour.properties.group_code !== group) continue;
    if (!boxesMeet(box, bbox(neighbour) as Box)) continue;
    const overlap = landOf(safely(() => intersect(featureCollection<Polygon | MultiPolygon>([shape, neighbour]))));
    if (overlap) overlaps.push({ kind: 'overlap', where: overlap.where, size: overlap.size, neighbour: neighbour.properties.code });
  }
  problems.push(...overlaps);

  if (context.parent) {
    const outside = landOf(safely(() => difference(featureCollection<Polygon | MultiPolygon>([shape, context.parent!]))));
    if (outside) problems.push({ kind: 'outside', where: outside.where, size: outside.size });
  }

  const size = area(shape);
  if (size < MIN_AREA_M2) {
    problems.push({ kind: 'too_small', where: draft, size });
  } else {
    const perimeter = length(shape, { units: 'meters' });
    const meanWidth = perimeter > 0 ? (2 * size) / perimeter : 0;
    if (meanWidth < MIN_MEAN_WIDTH_M) problems.push({ kind: 'thin', where: draft, size: meanWidth });
  }
  return problems;
}

/**
 * Whether a split line can cut the grid: it must cross the boundary at least twice (in and out again). The server
 * decides the pieces; this only catches a line that stops inside or misses the grid.
 */
export function validateSplitLine(line: LineString, grid: Polygon): Problem[] {
  if (line.coordinates.length < 2) return [];
  const crossings = safely(() => lineIntersect(lineString(line.coordinates), polygonToLine(turfPolygon(grid.coordinates))));
  return crossings && crossings.features.length >= 2 ? [] : [{ kind: 'no_split', where: line }];
}

/** The parts of an overlay result that are not dust, as the server counts them, and their total area. */
function landOf(result: Feature<Polygon | MultiPolygon> | null): { where: Geometry; size: number } | null {
  if (!result) return null;
  const parts = flatten(result).features.filter((part) => {
    const a = area(part);
    const perimeter = length(part, { units: 'meters' });
    return a > TOLERANCE_M2 && (perimeter === 0 || (2 * a) / perimeter > DUST_WIDTH_M);
  });
  if (parts.length === 0) return null;
  const where: MultiPolygon = { type: 'MultiPolygon', coordinates: parts.map((p) => p.geometry.coordinates) };
  return { where, size: parts.reduce((sum, p) => sum + area(p), 0) };
}

function safely<T>(op: () => T): T | null {
  try {
    return op();
  } catch {
    return null;
  }
}
