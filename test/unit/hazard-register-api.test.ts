// The register's request and order: what the filters ask the server for, and overdue hazards before the newest.
import { describe, expect, it } from 'vitest';
import {
  byUrgency, DEFAULT_FILTER, OPEN_STATUSES, registerUrl, type RegisterHazard,
} from '../../client/hazard-register/hazard-register-api.ts';

const params = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('registerUrl', () => {
  it('asks for the open hazards by default, and nothing else', () => {
    expect(params(registerUrl(DEFAULT_FILTER))).toEqual({ status: OPEN_STATUSES.join(',') });
    expect(OPEN_STATUSES).not.toContain('closed');
    expect(OPEN_STATUSES).not.toContain('rejected');
  });

  it('passes every filter, the last day included, the department summoned', () => {
    const q = params(registerUrl({ status: 'closed', severity: 'major', category: 'private_wiring', overdue: true,
      from: '2026-03-01', to: '2026-03-31', department: 'fire' }));
    expect(q).toMatchObject({ status: 'closed', severity: 'major', category: 'private_wiring', overdue: 'true', department: 'fire' });
    expect(new Date(q.from).getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(q.to).getTime()).toBe(new Date(2026, 3, 1).getTime());
  });

  it('asks for any status with "all", and ignores a malformed day', () => {
    expect(params(registerUrl({ ...DEFAULT_FILTER, status: 'all', from: '2026-3-1' }))).toEqual({});
  });
});

describe('byUrgency', () => {
  const h = (id: number, overdue: boolean, reported_at: string) => ({ id, overdue, reported_at }) as RegisterHazard;

  it('puts overdue hazards first, then the most recently reported', () => {
    const rows = [h(1, false, '2026-03-05T00:00:00Z'), h(2, true, '2026-01-01T00:00:00Z'), h(3, false, '2026-03-09T00:00:00Z'),
      h(4, true, '2026-02-01T00:00:00Z')];
    expect(rows.sort(byUrgency).map((r) => r.id)).toEqual([4, 2, 3, 1]);
  });
});
