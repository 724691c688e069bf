// Well-known text for the CSV and XLSX geometry column. A track keeps its times as M ("LINESTRING M (x y m, …)"),
// which QGIS and PostGIS read back.
import type { Position } from 'geojson';
import type { ExportGeometry } from './wkb.ts';

const pos = (p: Position) => p.join(' ');
const list = (ps: Position[]) => `(${ps.map(pos).join(', ')})`;

export function toWkt(g: ExportGeometry): string {
  switch (g.type) {
    case 'Point': return `POINT (${pos(g.coordinates)})`;
    case 'LineString': return `LINESTRING${g.coordinates[0]?.length > 2 ? ' M' : ''} ${list(g.coordinates)}`;
    case 'Polygon': return `POLYGON (${g.coordinates.map(list).join(', ')})`;
  }
}
