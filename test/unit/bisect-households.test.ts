import { describe, expect, it } from 'vitest';
import { bisectPoints } from '../../server/grids/bisect-households.ts';

// A deterministic cloud: two settlements and a few scattered houses.
const cloud = (n: number) => Array.from({ length: n }, (_, i) => ({
  id: i + 1,
  x: (i % 3 === 0 ? 1000 : 0) + ((i * 7919) % 97),
  y: ((i * 104729) % 89) + (i % 5 === 0 ? 500 : 0),
}));

describe('bisectPoints', () => {
  it.each([10, 19, 20, 21, 39, 40, 41, 57, 100, 233])('splits %i points into groups of 10 to 20', (n) => {
    const parts = bisectPoints(cloud(n), 10, 20);
    expect(parts.reduce((s, p) => s + p.length, 0)).toBe(n);
    for (const p of parts) {
      expect(p.length).toBeGreaterThanOrEqual(10);
      expect(p.length).toBeLessThanOrEqual(20);
    }
    expect(new Set(parts.flat().map((p) => p.id)).size).toBe(n);
  });

  it('keeps fewer than the minimum together, and nothing for nothing', () => {
    expect(bisectPoints(cloud(7), 10, 20)).toHaveLength(1);
    expect(bisectPoints([], 10, 20)).toEqual([]);
  });

  it('cuts across the longer side, so groups are compact', () => {
    const row = Array.from({ length: 40 }, (_, i) => ({ id: i, x: i * 10, y: i % 2 }));
    const [left, right] = bisectPoints(row, 10, 20);
    expect(Math.max(...left.map((p) => p.x))).toBeLessThan(Math.min(...right.map((p) => p.x)));
  });

  it('refuses a range no count can always meet', () => {
    expect(() => bisectPoints(cloud(30), 10, 15)).toThrow(RangeError);
  });
});
