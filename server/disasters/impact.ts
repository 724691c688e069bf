// The verification area analysis (InaSAFE-style): what a disaster's footprint, or a band around it, covers, summed
// from the affected grids up through groups, villages and townships, with who answers for each. No HTTP here.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';

const IMPACT = readFileSync(new URL('./sql/impact.sql', import.meta.url), 'utf8');

interface Contact {
  name: string;
  phone: string | null;
}

export interface ImpactGridRow {
  grid_id: number | null;
  code: string | null;
  name: string | null;
  households: number;
  people: number;
  risk_points: number;
  high_risk_points: number;
  worker: string | null;
  worker_phone: string | null;
  group_leader: Contact | null;
  village_leader: Contact | null;
  township_leader: Contact | null;
}

export interface ImpactUnit {
  level: 'township' | 'village' | 'group' | 'grid';
  code: string;
  name: string;
  parent: string | null;
  grids: number;
  households: number;
  people: number;
  risk_points: number;
  /** The leader of a township, village or group; the worker of a grid. */
  responsible: Contact | null;
}

const LEVELS = [['township', 9], ['village', 12], ['group', 15]] as const;

/**
 * Runs the impact query with nested loops off. The planner cannot know how big a footprint is, guesses one grid,
 * and loops over every affected grid × household pair: 2–3 s for a county-sized footprint, against 0.1 s with the
 * hash joins this query always wants. SET LOCAL needs a transaction: the caller's, or one of its own.
 */
async function hashJoined<T>(db: Pool | pg.ClientBase, run: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const inTransaction = async (client: pg.ClientBase) => {
    await client.query('set local enable_nestloop = off');
    try {
      return await run(client);
    } finally {
      await client.query('set local enable_nestloop to default');
    }
  };
  return 'totalCount' in db ? withTransaction(db, inTransaction) : inTransaction(db);
}

/**
 * Impact of a disaster within the caller's scope: totals, and units in table order (each township, then its
 * villages, each village then its groups, each group then its grids), each with its own sums.
 */
export async function disasterImpact(db: Pool | pg.ClientBase, disasterId: number, bufferM: number, scope: string) {
  const rows = await hashJoined(db, (client) => client.query<ImpactGridRow>(IMPACT, [disasterId, bufferM, scope]).then((r) => r.rows));
  const gridRows = rows.filter((r) => r.code !== null);
  const codes = [...new Set(gridRows.flatMap((r) => LEVELS.map(([, n]) => r.code!.slice(0, n))))];
  const names = new Map((await db.query<{ code: string; name: string }>('select code, name from admin_unit where code = any($1)', [codes]))
    .rows.map((u) => [u.code, u.name]));

  const units = new Map<string, ImpactUnit>();
  for (const r of gridRows) {
    for (const [level, n] of LEVELS) {
      const code = r.code!.slice(0, n);
      const unit = units.get(code) ?? {
        level, code, name: names.get(code) ?? code, parent: n === 9 ? null : r.code!.slice(0, n - 3),
        grids: 0, households: 0, people: 0, risk_points: 0,
        responsible: level === 'township' ? r.township_leader : level === 'village' ? r.village_leader : r.group_leader,
      };
      unit.grids += 1;
      unit.households += r.households;
      unit.people += r.people;
      unit.risk_points += r.risk_points;
      units.set(code, unit);
    }
    units.set(r.code!, {
      level: 'grid', code: r.code!, name: r.name!, parent: r.code!.slice(0, 15), grids: 1, households: r.households,
      people: r.people, risk_points: r.risk_points, responsible: r.worker ? { name: r.worker, phone: r.worker_phone } : null,
    });
  }
  // Codes nest, so sorting by code puts every unit right after its parent: the table order.
  const ordered = [...units.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const outside = rows.find((r) => r.code === null);
  const sum = (key: 'households' | 'people' | 'risk_points') => rows.reduce((s, r) => s + r[key], 0);
  return {
    disaster_id: disasterId,
    buffer_m: bufferM,
    totals: {
      grids: gridRows.length, households: sum('households'), people: sum('people'), risk_points: sum('risk_points'),
      high_risk_points: rows.reduce((s, r) => s + r.high_risk_points, 0),
      villages: ordered.filter((u) => u.level === 'village').length, groups: ordered.filter((u) => u.level === 'group').length,
      households_outside_grids: outside?.households ?? 0,
    },
    units: ordered,
    grids: gridRows,
  };
}
