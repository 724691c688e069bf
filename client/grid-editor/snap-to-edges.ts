import type { Position } from 'geojson';
import type { SnapToCustom } from 'terra-draw';

/** How close, in screen pixels, the pointer must come to a vertex or an edge to be pulled onto it. */
export const SNAP_PIXELS = 10;

/** A ring (or line) to snap to, with its bounding box so distant ones are skipped without projecting them. */
export interface SnapLine {
  coords: Position[];
  bbox: [number, number, number, number];
}

export function snapLine(coords: Position[]): SnapLine {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of coords) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return { coords, bbox: [w, s, e, n] };
}

/**
 * A terra-draw snapping function: the nearest vertex of the neighbouring grids and the parent group within
 * SNAP_PIXELS, else the nearest point on one of their edges. A vertex wins over an edge so that shared corners stay
 * shared. The point on an edge is interpolated in longitude/latitude along the edge itself, so it lies on the
 * neighbour's boundary as the server sees it (planar in WGS84), not merely near it on screen.
 */
export function snapToEdges(lines: () => readonly SnapLine[], pixels = SNAP_PIXELS): SnapToCustom {
  return (event, { project, unproject }) => {
    const px = { x: event.containerX, y: event.containerY };
    // The pointer's box in degrees, to skip lines that cannot be within reach.
    const a = unproject(px.x - pixels, px.y + pixels);
    const b = unproject(px.x + pixels, px.y - pixels);
    const near = lines().filter(({ bbox: [w, s, e, n] }) => w <= b.lng && e >= a.lng && s <= b.lat && n >= a.lat);
    if (near.length === 0) return undefined;

    let vertex: Position | undefined;
    let vertexDistance = pixels;
    let edge: Position | undefined;
    let edgeDistance = pixels;
    for (const { coords } of near) {
      const projected = coords.map(([lng, lat]) => project(lng, lat));
      for (let i = 0; i < coords.length; i++) {
        const p = projected[i];
        const d = Math.hypot(p.x - px.x, p.y - px.y);
        if (d <= vertexDistance) {
          vertexDistance = d;
          vertex = coords[i];
        }
        if (i === 0) continue;
        const q = projected[i - 1];
        const dx = p.x - q.x;
        const dy = p.y - q.y;
        const len2 = dx * dx + dy * dy;
        if (len2 === 0) continue;
        const t = Math.max(0, Math.min(1, ((px.x - q.x) * dx + (px.y - q.y) * dy) / len2));
        const de = Math.hypot(q.x + t * dx - px.x, q.y + t * dy - px.y);
        if (de < edgeDistance) {
          edgeDistance = de;
          const [x0, y0] = coords[i - 1];
          const [x1, y1] = coords[i];
          edge = [x0 + t * (x1 - x0), y0 + t * (y1 - y0)];
        }
      }
    }
    return vertex ?? edge;
  };
}
