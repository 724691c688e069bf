// Geometry arrives from the export queries as ISO WKB (ST_AsBinary): a bytea decoded straight into numbers, where
// GeoJSON text would be printed by PostGIS and parsed again for every one of a county's 1.5 million track points.
// Only what the layers hold is read: Point, LineString and Polygon, with an M value (a patrol's epoch seconds)
// kept as the third number of each position; a Z is skipped.
import type { LineString, Point, Polygon, Position } from 'geojson';

export type ExportGeometry = Point | LineString | Polygon;

export function readWkb(buf: Buffer): ExportGeometry {
  const little = buf[0] === 1;
  const u32 = (at: number) => (little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const f64 = (at: number) => (little ? buf.readDoubleLE(at) : buf.readDoubleBE(at));
  const code = u32(1);
  const base = code % 1000;
  const dims = Math.floor(code / 1000); // ISO: 0 XY, 1 XYZ, 2 XYM, 3 XYZM
  const hasZ = dims === 1 || dims === 3;
  const hasM = dims === 2 || dims === 3;
  const stride = 8 * (2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0));
  let at = 5;
  const position = (): Position => {
    const p: Position = [f64(at), f64(at + 8)];
    if (hasM) p.push(f64(at + stride - 8));
    at += stride;
    return p;
  };
  const positions = (): Position[] => {
    const n = u32(at);
    at += 4;
    const out = new Array<Position>(n);
    for (let i = 0; i < n; i++) out[i] = position();
    return out;
  };
  switch (base) {
    case 1: return { type: 'Point', coordinates: position() };
    case 2: return { type: 'LineString', coordinates: positions() };
    case 3: {
      const rings = u32(at);
      at += 4;
      return { type: 'Polygon', coordinates: Array.from({ length: rings }, positions) };
    }
    default: throw new Error(`WKB geometry type ${code} is not one an export holds`);
  }
}
