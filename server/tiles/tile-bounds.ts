/** Web Mercator (EPSG:3857) bounds of XYZ tiles, as ST_TileEnvelope computes them. */

const HALF = 20037508.342789244;

export type Box = [xmin: number, ymin: number, xmax: number, ymax: number];

/**
 * The envelope of tile z/x/y widened by `margin` of its width: the tile queries take rows within 64/4096 of the
 * tile (the clip buffer), so an edit that close to a tile changes it too.
 */
export function tileEnvelope(z: number, x: number, y: number, margin = 0): Box {
  const size = (2 * HALF) / 2 ** z;
  const pad = size * margin;
  return [-HALF + x * size - pad, HALF - (y + 1) * size - pad, -HALF + (x + 1) * size + pad, HALF - y * size + pad];
}

export const intersects = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
