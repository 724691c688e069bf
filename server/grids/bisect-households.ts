// Recursive coordinate bisection: splits points into groups of min..max, each compact (cut across the longer side
// of its extent). Pure arithmetic, no geometry: the polygons are drawn afterwards by PostGIS.

export interface SplitPoint {
  id: number;
  x: number;
  y: number;
}

/**
 * Groups of size between min and max (both inclusive) whenever there are at least min points and max >= 2·min - 1:
 * with p = ceil(n / max) parts, n / p lies in (max·(p-1)/p, max], and each cut shares n out in proportion, so sizes
 * differ by at most one. Fewer than min points make one group.
 */
export function bisectPoints<T extends SplitPoint>(points: T[], min: number, max: number): T[][] {
  if (max < 2 * min - 1) throw new RangeError(`max (${max}) must be at least 2·min - 1 (${2 * min - 1})`);
  const parts = Math.ceil(points.length / max);
  if (parts <= 1) return points.length ? [points] : [];
  const leftParts = Math.floor(parts / 2);
  const leftSize = Math.round((points.length * leftParts) / parts);
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const wide = Math.max(...xs) - Math.min(...xs) >= Math.max(...ys) - Math.min(...ys);
  // Ties broken by id, so the same households always give the same proposal.
  const sorted = [...points].sort((a, b) => (wide ? a.x - b.x : a.y - b.y) || a.id - b.id);
  return [
    ...bisectPoints(sorted.slice(0, leftSize), min, max),
    ...bisectPoints(sorted.slice(leftSize), min, max),
  ];
}
