// Disasters: their footprints, created from a drawing, an upload or a buffered point or line. No HTTP here.
import { readFileSync } from 'node:fs';
import type { Feature, MultiPolygon } from 'geojson';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { forbidden, notFound, unprocessable } from '../http/errors.ts';
import type { DisasterKind, Footprint } from './disaster-input.ts';

const INSERT = readFileSync(new URL('./sql/insert-disaster.sql', import.meta.url), 'utf8');

/** Disasters are the county's business: its chief and township or village leaders record and plan them. */
export function requireDisasterManager(actor: Actor): void {
  if (actor.role !== 'chief' && !(actor.role === 'leader' && actor.jurisdiction.length <= 12)) {
    throw forbidden('Disasters are recorded and planned by the chief and by township or village grid leaders.');
  }
}

export async function createDisaster(client: pg.ClientBase, actor: Actor, input: {
  footprint: Footprint; kind: DisasterKind; occurredAt: Date; description?: string;
}): Promise<number> {
  requireDisasterManager(actor);
  const county = actor.jurisdiction.slice(0, 6);
  const { rows } = await client.query(INSERT, [county, input.kind, input.occurredAt, input.description ?? null,
    input.footprint.source, JSON.stringify(input.footprint.geometry), input.footprint.bufferM, actor.username]);
  if (!rows[0]) throw unprocessable('outside_county', `The footprint does not touch county ${county}.`);
  return rows[0].id;
}

/** A disaster as a GeoJSON Feature; every disaster of the county is visible to all its signed-in people. */
export async function getDisaster(db: Pool | pg.ClientBase, actor: Actor, id: number): Promise<Feature<MultiPolygon>> {
  const { rows } = await db.query(`select id, kind, occurred_at, description, source, buffer_m::float8, created_at, created_by,
      round(st_area(geom::geography))::float8 as area_m2, st_asgeojson(geom, 7)::json as geometry,
      (select count(*)::int from verification_task t where t.disaster_id = d.id) as tasks
    from disaster d where id = $1 and county_code = $2`, [id, actor.jurisdiction.slice(0, 6)]);
  if (!rows[0]) throw notFound(`No disaster ${id} in your county.`);
  const { geometry, ...properties } = rows[0];
  return { type: 'Feature', id, geometry, properties };
}

export async function listDisasters(db: Pool, actor: Actor) {
  const { rows } = await db.query(`select id, kind, occurred_at, description, source, created_at, created_by,
      round(st_area(geom::geography))::float8 as area_m2, st_asgeojson(st_envelope(geom), 7)::json as bbox
    from disaster where county_code = $1 order by occurred_at desc, id desc limit 200`, [actor.jurisdiction.slice(0, 6)]);
  return rows;
}
