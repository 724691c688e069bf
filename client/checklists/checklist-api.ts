import { fetchJson } from '../http/fetch-json.ts';

/** One item of a standard checklist (安全标准清单, data/risk-checklists.json). */
export interface ChecklistItem {
  code: string;
  zh: string;
  en: string;
  category: string;
  severity: string;
}

export interface RiskPointChecklist {
  risk_point_id: number;
  kind: string;
  name: string;
  items: ChecklistItem[];
}

export interface CheckAnswer {
  item: string;
  ok: boolean;
  note?: string;
}

/** A check as stored: each answer with its item's words and, for a failed one, the hazard it opened. */
export interface RiskPointCheck {
  id: number;
  risk_point_id: number;
  checked_at: string;
  checked_by: string;
  answers: (CheckAnswer & { zh: string; en: string; hazard_id?: number })[];
  failed: number;
  hazard_ids: number[];
}

export const fetchChecklist = (riskPointId: number, signal?: AbortSignal) =>
  fetchJson<RiskPointChecklist>(`/api/risk-points/${riskPointId}/checklist`, { signal });

export const fetchChecks = (riskPointId: number, signal?: AbortSignal) =>
  fetchJson<{ rows: RiskPointCheck[] }>(`/api/risk-points/${riskPointId}/checks`, { signal, cache: 'no-store' }).then((r) => r.rows);

export const submitCheck = (riskPointId: number, answers: CheckAnswer[], openHazards: boolean) =>
  fetchJson<RiskPointCheck>(`/api/risk-points/${riskPointId}/checks`, {
    method: 'POST', body: JSON.stringify({ answers, open_hazards: openHazards }),
  });
