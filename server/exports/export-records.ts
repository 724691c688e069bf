// The rows of an export, read through a server-side cursor a batch at a time, so a county's 127,000 patrol tracks
// never sit in memory together: the next batch is read only when the previous one has been written.
import type { Position } from 'geojson';
import Cursor from 'pg-cursor';
import type { Pool } from '../db/pool.ts';
import { wgs84ToGcj02 } from '../grids/crs.ts';
import type { LayerSpec } from './export-layers.ts';
import { readWkb, type ExportGeometry } from './wkb.ts';

export type ExportValue = string | number | null;

export interface ExportRecord {
  /** In the order of the layer's fields. */
  values: ExportValue[];
  /** Longitude and latitude rounded to 1e-7° (about 1 cm, the precision grids are stored at); a track's M kept. */
  geometry: ExportGeometry;
}

export interface ExportQuery {
  unit: string;
  crs: 'wgs84' | 'gcj02';
  /** Outer rings clockwise (a Shapefile's rule) rather than counter-clockwise (GeoJSON's). */
  clockwise: boolean;
  from?: Date;
  to?: Date;
}

const BATCH = 500;
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

function position(p: Position, gcj: boolean): Position {
  const [x, y] = gcj ? wgs84ToGcj02(p) : p;
  return p.length > 2 ? [round7(x), round7(y), p[2]] : [round7(x), round7(y)];
}

function convert(g: ExportGeometry, gcj: boolean): ExportGeometry {
  switch (g.type) {
    case 'Point': return { type: 'Point', coordinates: position(g.coordinates, gcj) };
    case 'LineString': return { type: 'LineString', coordinates: g.coordinates.map((p) => position(p, gcj)) };
    case 'Polygon': return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map((p) => position(p, gcj))) };
  }
}

function params(spec: LayerSpec, q: ExportQuery): unknown[] {
  if (spec.layer === 'grid') return [q.unit, q.clockwise];
  return spec.period ? [q.unit, q.from ?? null, q.to ?? null] : [q.unit];
}

/** Batches of records, in the query's order; leaving the loop early closes the cursor and frees the connection. */
export async function* exportRecords(db: Pool, spec: LayerSpec, q: ExportQuery): AsyncGenerator<ExportRecord[]> {
  const client = await db.connect();
  const cursor = client.query(new Cursor(spec.sql, params(spec, q)));
  try {
    for (;;) {
      const rows: Record<string, unknown>[] = await cursor.read(BATCH);
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        values: spec.fields.map((f) => (row[f.name] ?? null) as ExportValue),
        geometry: convert(readWkb(row.geom as Buffer), q.crs === 'gcj02'),
      }));
    }
  } finally {
    try {
      await cursor.close();
      client.release();
    } catch (err) {
      // A connection whose cursor could not be closed is discarded, not handed to the next request.
      client.release(err as Error);
    }
  }
}
