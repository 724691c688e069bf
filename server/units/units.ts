import { readFileSync } from 'node:fs';
import type { Feature, MultiPolygon } from 'geojson';
import type { Pool } from '../db/pool.ts';

const GET_UNIT = readFileSync(new URL('./sql/get-unit.sql', import.meta.url), 'utf8');

export async function getUnit(db: Pool, code: string): Promise<Feature<MultiPolygon> | null> {
  const { rows } = await db.query(GET_UNIT, [code]);
  if (!rows[0]) return null;
  const { geometry, ...properties } = rows[0];
  return { type: 'Feature', id: code, geometry, properties };
}
