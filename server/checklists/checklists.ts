// The standard safety checklists of risk points (安全标准清单, data/risk-checklists.json) and the checks grid
// workers fill in with them: each failed item opens a hazard of its category at the risk point, in the same
// transaction as the check, and the check counts as the point's inspection. No HTTP here.
import type pg from 'pg';
import type { Actor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { watchedJson } from '../files/watched-json.ts';
import { hazardCategories } from '../hazards/hazard-checklist.ts';
import type { Severity } from '../hazards/hazard-lifecycle.ts';
import { reportHazard } from '../hazards/hazards.ts';
import { badRequest, notFound, unprocessable } from '../http/errors.ts';

export interface ChecklistItem {
  code: string;
  zh: string;
  en: string;
  category: string;
  severity: Severity;
}

/** Every kind's list, checked against the hazard categories when read: a broken file fails loudly, not a check. */
const checklists = watchedJson(new URL('../../data/risk-checklists.json', import.meta.url), (data) => {
  const kinds = (data as { kinds: Record<string, ChecklistItem[]> }).kinds;
  const known = hazardCategories();
  for (const [kind, items] of Object.entries(kinds)) {
    const codes = new Set(items.map((i) => i.code));
    if (codes.size !== items.length) throw new Error(`data/risk-checklists.json: ${kind} repeats an item code.`);
    const unknown = items.filter((i) => !known.has(i.category)).map((i) => i.category);
    if (unknown.length) throw new Error(`data/risk-checklists.json: ${kind} names unknown hazard categories ${unknown.join(', ')}.`);
  }
  return kinds;
});

export const allChecklists = () => checklists();

/** The list for a kind of risk point; kinds without their own list use "other". */
export function checklistFor(kind: string): ChecklistItem[] {
  const lists = checklists();
  return lists[kind] ?? lists.other ?? [];
}

export interface Answer {
  item: string;
  ok: boolean;
  note?: string;
}

async function riskPointInScope(db: pg.ClientBase | Pool, actor: Actor, id: number, lock: boolean) {
  const { rows } = await db.query(`select r.id, r.kind, r.name, r.county_code, st_asgeojson(r.geom, 15)::json as point, g.code as grid_code
    from risk_point r join grid g on g.id = r.grid_id where r.id = $1 and r.retired_at is null ${lock ? 'for update of r' : ''}`, [id]);
  const point = rows[0];
  if (!point || !point.grid_code.startsWith(actor.jurisdiction)) throw notFound(`No risk point ${id} in your jurisdiction.`);
  return point;
}

/** The checklist of one risk point, for the form. */
export async function riskPointChecklist(db: Pool, actor: Actor, id: number) {
  const point = await riskPointInScope(db, actor, id, false);
  return { risk_point_id: id, kind: point.kind, name: point.name, items: checklistFor(point.kind) };
}

/**
 * Records a check: every item of the point's list answered once, nothing else. A failed item opens a hazard (its
 * category and usual severity, the note as description) unless it is answered with open_hazard: false, e.g. when
 * the hazard is already reported. The point's last inspection becomes the check's time.
 */
export async function recordCheck(client: pg.ClientBase, actor: Actor, riskPointId: number,
                                  input: { answers: Answer[]; openHazards: boolean }, now = new Date()) {
  const point = await riskPointInScope(client, actor, riskPointId, true);
  const items = checklistFor(point.kind);
  const byCode = new Map(items.map((i) => [i.code, i]));
  const seen = new Set<string>();
  for (const a of input.answers) {
    if (!byCode.has(a.item)) throw badRequest('unknown_item', `"${a.item}" is not on the ${point.kind} checklist.`, { items: [...byCode.keys()] });
    if (seen.has(a.item)) throw badRequest('repeated_item', `"${a.item}" is answered twice.`);
    seen.add(a.item);
  }
  const missing = items.filter((i) => !seen.has(i.code)).map((i) => i.code);
  if (missing.length) throw unprocessable('incomplete_checklist', `Every item must be answered; missing: ${missing.join(', ')}.`, { missing });

  const answers = [];
  const hazardIds: number[] = [];
  for (const a of input.answers) {
    const item = byCode.get(a.item)!;
    let hazardId: number | undefined;
    if (!a.ok && input.openHazards) {
      hazardId = await reportHazard(client, actor, {
        point: point.point, category: item.category, severity: item.severity, riskPointId,
        description: [`${point.name}：${item.zh}（检查未通过）`, a.note].filter(Boolean).join(' '),
      }, now);
      hazardIds.push(hazardId);
    }
    answers.push({ item: item.code, zh: item.zh, en: item.en, ok: a.ok, ...(a.note ? { note: a.note } : {}), ...(hazardId ? { hazard_id: hazardId } : {}) });
  }
  const { rows } = await client.query(`insert into risk_point_check (county_code, risk_point_id, checked_at, checked_by, person_id, answers, failed, hazard_ids)
    values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
  [point.county_code, riskPointId, now, actor.username, actor.personId, JSON.stringify(answers), answers.filter((a) => !a.ok).length, hazardIds]);
  await client.query('update risk_point set last_inspected_at = greatest(last_inspected_at, $2), updated_at = $2, updated_by = $3 where id = $1',
    [riskPointId, now, actor.username]);
  return rows[0].id as number;
}

/** A risk point's checks, newest first. */
export async function listChecks(db: Pool, actor: Actor, riskPointId: number, id?: number) {
  await riskPointInScope(db, actor, riskPointId, false);
  const { rows } = await db.query(`select id, risk_point_id, checked_at, checked_by, answers, failed, hazard_ids from risk_point_check
    where risk_point_id = $1 and ($2::bigint is null or id = $2) order by checked_at desc, id desc limit 100`, [riskPointId, id ?? null]);
  return rows;
}
