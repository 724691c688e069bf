import type { FeatureCollection, Point } from 'geojson';
import type { HazardStatus, Severity } from '../hazards/hazard-api.ts';
import { fetchJson } from '../http/fetch-json.ts';

/** The states a hazard is still open in: everything but closed and rejected. */
export const OPEN_STATUSES: HazardStatus[] = ['reported', 'fixed_on_spot', 'assigned', 'rectifying', 'rectified', 'accepted',
  'escalated', 'supervised'];
export const ALL_STATUSES: HazardStatus[] = [...OPEN_STATUSES, 'closed', 'rejected'];

/** What the register asks for; empty strings mean "any". */
export interface RegisterFilter {
  /** 'open' (the default: what still needs doing), 'all', or one state. */
  status: 'open' | 'all' | HazardStatus;
  severity: '' | Severity;
  category: string;
  overdue: boolean;
  /** First and last day reported, `YYYY-MM-DD` from `<input type="date">`, both included. */
  from: string;
  to: string;
  /** Only hazards this department was summoned to (吹哨). */
  department: string;
}

export const DEFAULT_FILTER: RegisterFilter = { status: 'open', severity: '', category: '', overdue: false, from: '', to: '', department: '' };

/** A row of the register: a hazard as GET /api/hazards lists it. */
export interface RegisterHazard {
  id: number;
  category: string;
  severity: Severity;
  status: HazardStatus;
  grid_code: string;
  grid_name: string | null;
  reported_at: string;
  deadline: string | null;
  overdue: boolean;
  /** Where it is, to fly the map there. */
  at: [number, number];
}

/** A local day as a time: its start, or with `next` the start of the day after (the period's excluded end). */
function dayStart(value: string, next = false): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (next ? 1 : 0)).toISOString();
}

export function registerUrl(f: RegisterFilter): string {
  const params: Record<string, string | undefined> = {
    status: f.status === 'all' ? undefined : f.status === 'open' ? OPEN_STATUSES.join(',') : f.status,
    severity: f.severity || undefined,
    category: f.category || undefined,
    overdue: f.overdue ? 'true' : undefined,
    from: dayStart(f.from),
    to: dayStart(f.to, true),
    department: f.department || undefined,
  };
  return `/api/hazards?${new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined))}`;
}

/** Overdue first (what is late needs doing first), then the most recently reported. */
export const byUrgency = (a: RegisterHazard, b: RegisterHazard) =>
  Number(b.overdue) - Number(a.overdue) || b.reported_at.localeCompare(a.reported_at) || b.id - a.id;

export async function fetchRegister(f: RegisterFilter, signal?: AbortSignal): Promise<RegisterHazard[]> {
  const fc = await fetchJson<FeatureCollection<Point, Omit<RegisterHazard, 'at'>>>(registerUrl(f), { signal, cache: 'no-store' });
  return fc.features.map((x) => ({ ...x.properties, at: x.geometry.coordinates as [number, number] })).sort(byUrgency);
}
