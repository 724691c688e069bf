// The risk register's coded values, mirrored from server/risk-points/risk-points.ts (RISK_KINDS, RISK_LEVELS,
// DEFAULT_INTERVAL_DAYS): the forms offer exactly what the server accepts. Their words are the `riskKind.*` and
// `riskLevel.*` messages the panel already uses.
export const RISK_KINDS = ['old_house', 'slope', 'crowded_place', 'enterprise', 'project', 'ebike_charging', 'school',
  'gas_station', 'reservoir', 'other'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'major'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** What the server sets when no interval is given (and when the level changes without one): major weekly … low quarterly. */
export const DEFAULT_INTERVAL_DAYS: Record<RiskLevel, number> = { major: 7, high: 14, medium: 30, low: 90 };

/** Who keeps the register (the server's RISK_REGISTRARS): grid workers, grid leaders and the chief. */
export const mayRegister = (session: { role: string }) => ['worker', 'leader', 'chief'].includes(session.role);
