import type { Position } from 'geojson';

/**
 * Keeping a partition whole while one of its polygons is reshaped: auto-split proposals share their boundaries, so
 * a corner dragged in one proposal must move in the proposals it is shared with, or the two would overlap (which
 * the server refuses) or leave a gap between them. terra-draw edits one polygon at a time; after each change the
 * edit is recognised by comparing the ring before and after (one corner moved, one inserted at a midpoint, one
 * deleted) and the same edit is made in every other ring that shares that corner or edge.
 */

/** Coordinates closer than this (about 0.1 mm) are one corner: both sides were rounded to terra-draw's 1e-9. */
const SAME = 1e-9;
export const samePosition = (a: Position, b: Position) => Math.abs(a[0] - b[0]) < SAME && Math.abs(a[1] - b[1]) < SAME;

export type RingEdit =
  | { kind: 'move'; from: Position; to: Position }
  | { kind: 'insert'; at: Position; prev: Position; next: Position }
  | { kind: 'remove'; at: Position; prev: Position; next: Position };

const open = (ring: Position[]) => (ring.length > 1 && samePosition(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring);
const close = (ring: Position[]) => [...ring, ring[0]];
const equalFrom = (a: Position[], ai: number, b: Position[], bi: number) => {
  if (a.length - ai !== b.length - bi) return false;
  for (let k = 0; ai + k < a.length; k++) if (!samePosition(a[ai + k], b[bi + k])) return false;
  return true;
};

/**
 * The one edit that turns ring `before` into ring `after` (both closed): null when they are the same, undefined
 * when it is more than one corner's change (nothing to repeat elsewhere).
 */
export function ringEdit(before: Position[], after: Position[]): RingEdit | null | undefined {
  const a = open(before);
  const b = open(after);
  if (a.length === b.length) {
    const changed = a.flatMap((p, i) => (samePosition(p, b[i]) ? [] : [i]));
    if (changed.length === 0) return null;
    return changed.length === 1 ? { kind: 'move', from: a[changed[0]], to: b[changed[0]] } : undefined;
  }
  const first = (x: Position[], y: Position[]) => {
    let i = 0;
    while (i < Math.min(x.length, y.length) && samePosition(x[i], y[i])) i++;
    return i;
  };
  if (b.length === a.length + 1) {
    const i = first(a, b);
    if (!equalFrom(b, i + 1, a, i)) return undefined;
    return { kind: 'insert', at: b[i], prev: b[(i - 1 + b.length) % b.length], next: b[(i + 1) % b.length] };
  }
  if (b.length === a.length - 1) {
    const i = first(a, b);
    if (!equalFrom(a, i + 1, b, i)) return undefined;
    return { kind: 'remove', at: a[i], prev: a[(i - 1 + a.length) % a.length], next: a[(i + 1) % a.length] };
  }
  return undefined;
}

/** The edit made in another closed ring where it shares the corner or edge; null when it shares neither. */
export function applyRingEdit(ring: Position[], edit: RingEdit): Position[] | null {
  const r = open(ring);
  const n = r.length;
  switch (edit.kind) {
    case 'move': {
      if (!r.some((p) => samePosition(p, edit.from))) return null;
      return close(r.map((p) => (samePosition(p, edit.from) ? edit.to : p)));
    }
    case 'insert': {
      for (let j = 0; j < n; j++) {
        const p = r[j];
        const q = r[(j + 1) % n];
        if ((samePosition(p, edit.prev) && samePosition(q, edit.next)) || (samePosition(p, edit.next) && samePosition(q, edit.prev))) {
          return close([...r.slice(0, j + 1), edit.at, ...r.slice(j + 1)]);
        }
      }
      return null;
    }
    case 'remove': {
      if (n <= 3) return null; // a triangle keeps its corners: the partition shows a gap rather than a ring collapse
      for (let j = 0; j < n; j++) {
        if (!samePosition(r[j], edit.at)) continue;
        const p = r[(j - 1 + n) % n];
        const q = r[(j + 1) % n];
        if ((samePosition(p, edit.prev) && samePosition(q, edit.next)) || (samePosition(p, edit.next) && samePosition(q, edit.prev))) {
          return close([...r.slice(0, j), ...r.slice(j + 1)]);
        }
      }
      return null;
    }
  }
}

/**
 * A closed ring as the open paths left when `point` and the edges at it are taken out: what another ring offers for
 * snapping while that corner is being dragged (its shared copy moves along, so it must not pull the drag back).
 */
export function pathsWithout(ring: Position[], point: Position | null): Position[][] {
  const r = open(ring);
  const at = point ? r.flatMap((p, i) => (samePosition(p, point) ? [i] : [])) : [];
  if (at.length === 0) return [ring];
  const paths: Position[][] = [];
  for (let k = 0; k < at.length; k++) {
    const from = at[k];
    const to = at[(k + 1) % at.length] + (k + 1 === at.length ? r.length : 0);
    const path: Position[] = [];
    for (let i = from + 1; i < to; i++) path.push(r[i % r.length]);
    if (path.length) paths.push(path);
  }
  return paths;
}
