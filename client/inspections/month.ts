/** Months as <input type="month"> writes them, YYYY-MM, in local time. */
export const monthOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;

export const thisMonth = () => monthOf(new Date());

export const isMonth = (value: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** A moment inside a month to date a visit by default: now in the current month, else noon on its last day. */
export function defaultVisitTime(month: string, now = new Date()): Date {
  if (month === monthOf(now)) return now;
  const [y, m] = month.split('-').map(Number);
  const last = new Date(y, m, 0, 12);
  return last < now ? last : now;
}
