import type { Period } from './dashboard-api.ts';

/** The last twelve months up to today, in local days: from this day a year ago to the end of today. */
export function lastTwelveMonths(now = new Date()): Period {
  return {
    from: new Date(now.getFullYear() - 1, now.getMonth(), now.getDate()),
    to: new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1),
  };
}

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const parseDay = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d);
};

/** A period as two `<input type="date">` values: the first day and the last day, both included. */
export const periodInputs = (p: Period) => ({ from: day(p.from), to: day(new Date(p.to.getTime() - 1)) });

/** The period two date inputs describe, or null when one is empty or the last day comes before the first. */
export function periodFromInputs(from: string, to: string): Period | null {
  const first = parseDay(from);
  const last = parseDay(to);
  if (!first || !last || last < first) return null;
  return { from: first, to: new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1) };
}
