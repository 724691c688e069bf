import { describe, expect, it } from 'vitest';
import { metres, tourLength, visitingOrder, type Stop } from '../../server/disasters/visiting-order.ts';

/** The shortest open path through every stop, by trying every order: fine for seven stops. */
function bruteForce(stops: Stop[]): number {
  let best = Infinity;
  const permute = (done: Stop[], rest: Stop[]) => {
    if (!rest.length) best = Math.min(best, tourLength(done));
    rest.forEach((s, i) => permute([...done, s], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  permute([], stops);
  return best;
}

/** Deterministic pseudo-random stops in a 1 km square near Yongren. */
function stops(n: number, seed: number): Stop[] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, lon: 101.67 + next() * 0.01, lat: 26.05 + next() * 0.009 }));
}

describe('the visiting order', () => {
  it('measures metres on the ground', () => {
    // 0.01° of latitude is about 1,112 m; of longitude at 26° N about 999 m.
    expect(metres({ id: 1, lon: 101.67, lat: 26.05 }, { id: 2, lon: 101.67, lat: 26.06 })).toBeCloseTo(1112, -1);
    expect(metres({ id: 1, lon: 101.67, lat: 26.05 }, { id: 2, lon: 101.68, lat: 26.05 })).toBeCloseTo(999, -1);
  });

  it('visits every household once, starting in the west, and walks households in a row in order', () => {
    const row = [5, 1, 4, 2, 3].map((k) => ({ id: k, lon: 101.67 + k * 0.001, lat: 26.05 }));
    expect(visitingOrder(row).map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('comes within 10% of the shortest tour on random sets of seven', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const set = stops(7, seed);
      const tour = visitingOrder(set);
      expect(new Set(tour.map((s) => s.id)).size).toBe(7);
      expect(tourLength(tour)).toBeLessThanOrEqual(bruteForce(set) * 1.1);
    }
  });

  it('is far shorter than a random order on a larger set', () => {
    const set = stops(60, 7);
    const tour = visitingOrder(set);
    expect(tour).toHaveLength(60);
    // A random order is several times longer.
    expect(tourLength(tour) * 3).toBeLessThan(tourLength(set));
  });
});
