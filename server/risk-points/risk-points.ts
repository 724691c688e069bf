// The risk register: risk points with their level and inspection interval, and the four-colour map of the grids
// they (and open hazards) make. No HTTP here.
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { forbidden, notFound, unprocessable } from '../http/errors.ts';

const sql = (file: string) => readFileSync(new URL(`./sql/${file}`, import.meta.url), 'utf8');
const Q = { features: sql('risk-point-features.sql'), insert: sql('insert-risk-point.sql'), gridRisk: sql('grid-risk.sql') };

export const RISK_KINDS = ['old_house', 'slope', 'crowded_place', 'enterprise', 'project', 'ebike_charging', 'school',
  'gas_station', 'reservoir', 'other'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'major'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** How often a risk point must be inspected, by level, unless set otherwise: major weekly … low quarterly. */
export const DEFAULT_INTERVAL_DAYS: Record<RiskLevel, number> = { major: 7, high: 14, medium: 30, low: 90 };
export const RISK_POINT_LIMIT = 5000;

export interface RiskPointFilter {
  scope: string;
  kind?: string;
  level?: string;
  bbox?: [number, number, number, number];
  inspectionOverdue?: boolean;
  id?: number;
}

export async function listRiskPoints(db: Pool, f: RiskPointFilter): Promise<FeatureCollection<Point>> {
  const [w, s, e, n] = f.bbox ?? [null, null, null, null];
  const { rows } = await db.query(Q.features, [f.scope, f.kind ?? null, f.level ?? null, w, s, e, n, f.inspectionOverdue ?? false,
    f.id ?? null, RISK_POINT_LIMIT]);
  return {
    type: 'FeatureCollection',
    features: rows.map(({ geometry, ...props }): Feature<Point> => ({ type: 'Feature', id: props.id, geometry, properties: props })),
  };
}

export async function getRiskPoint(db: Pool, actor: Actor, id: number): Promise<Feature<Point>> {
  const [feature] = (await listRiskPoints(db, { scope: actor.jurisdiction, id })).features;
  if (!feature) throw notFound(`No risk point ${id} in your jurisdiction.`);
  return feature;
}

export interface RiskPointInput {
  point?: Point;
  area?: Polygon | null;
  kind?: string;
  level?: RiskLevel;
  name?: string;
  intervalDays?: number;
  lastInspectedAt?: Date;
  attrs?: Record<string, unknown>;
}

/** Who keeps the register: grid workers register the risks they find, leaders and the chief as well. */
export const RISK_REGISTRARS: readonly string[] = ['worker', 'leader', 'chief'];

function requireRegistrar(actor: Actor): void {
  if (!RISK_REGISTRARS.includes(actor.role)) throw forbidden('The risk register is kept by grid workers, grid leaders and the chief.');
}

export async function createRiskPoint(client: pg.ClientBase, actor: Actor, input: Required<Pick<RiskPointInput, 'point' | 'kind' | 'level' | 'name'>> & RiskPointInput): Promise<number> {
  requireRegistrar(actor);
  const { rows } = await client.query(Q.insert, [JSON.stringify(input.point), input.kind, input.level, input.name,
    input.intervalDays ?? DEFAULT_INTERVAL_DAYS[input.level], JSON.stringify(input.attrs ?? {}),
    input.area ? JSON.stringify(input.area) : null, actor.username]);
  if (!rows[0]) throw unprocessable('outside_grids', 'The point lies in no micro-grid.', { where: input.point });
  if (!rows[0].grid_code.startsWith(actor.jurisdiction)) throw forbidden(`Grid ${rows[0].grid_code} is outside your jurisdiction.`);
  return rows[0].id;
}

async function lockInScope(client: pg.ClientBase, actor: Actor, id: number): Promise<void> {
  requireRegistrar(actor);
  const { rows } = await client.query(`select g.code from risk_point r join grid g on g.id = r.grid_id
                                       where r.id = $1 and r.retired_at is null for update of r`, [id]);
  if (!rows[0] || !rows[0].code.startsWith(actor.jurisdiction)) throw notFound(`No risk point ${id} in your jurisdiction.`);
}

/** Changes what is given; a moved point goes to the grid that holds it now. */
export async function updateRiskPoint(client: pg.ClientBase, actor: Actor, id: number, input: RiskPointInput): Promise<void> {
  await lockInScope(client, actor, id);
  const { rows } = await client.query(`
    update risk_point r set
      geom = coalesce(st_setsrid(st_geomfromgeojson($2), 4326), r.geom),
      area = case when $3 then (case when $4::text is null then null else st_setsrid(st_geomfromgeojson($4), 4326) end) else r.area end,
      kind = coalesce($5, r.kind), level = coalesce($6, r.level), name = coalesce($7, r.name),
      inspection_interval_days = coalesce($8::integer, case when $6::text is not null and $8::integer is null
        then (array[90, 30, 14, 7])[array_position(array['low', 'medium', 'high', 'major'], $6)] end, r.inspection_interval_days),
      last_inspected_at = coalesce($9::timestamptz, r.last_inspected_at),
      attrs = coalesce($10::jsonb, r.attrs), updated_at = now(), updated_by = $11
    where r.id = $1
    returning (select g.code from grid g where g.retired_at is null and st_intersects(g.geom, r.geom) order by g.id limit 1) as grid_code`,
  [id, input.point ? JSON.stringify(input.point) : null, input.area !== undefined, input.area ? JSON.stringify(input.area) : null,
    input.kind ?? null, input.level ?? null, input.name ?? null, input.intervalDays ?? null, input.lastInspectedAt ?? null,
    input.attrs ? JSON.stringify(input.attrs) : null, actor.username]);
  const code = rows[0]?.grid_code as string | undefined;
  if (!code) throw unprocessable('outside_grids', 'The point lies in no micro-grid.', { where: input.point });
  if (!code.startsWith(actor.jurisdiction)) throw forbidden(`Grid ${code} is outside your jurisdiction.`);
  await client.query('update risk_point set grid_id = (select id from grid where code = $2) where id = $1', [id, code]);
}

/** Retires a risk point: it leaves the register and the map; hazards that refer to it keep the link. */
export async function retireRiskPoint(client: pg.ClientBase, actor: Actor, id: number): Promise<void> {
  await lockInScope(client, actor, id);
  await client.query('update risk_point set retired_at = now(), updated_at = now(), updated_by = $2 where id = $1', [id, actor.username]);
}

export async function gridRisk(db: Pool, scope: string) {
  const { rows } = await db.query(Q.gridRisk, [scope]);
  const counts = { red: 0, orange: 0, yellow: 0, blue: 0 } as Record<string, number>;
  for (const r of rows) counts[r.colour]++;
  return { unit: scope, counts, grids: rows };
}
