// Gi* against examples worked by hand: cells in a row, each a neighbour of the cells next to it and of itself.
import { describe, expect, it } from 'vitest';
import { classify, erfc, fdrCorrect, giStar, twoSidedP, type GiCell } from '../../server/hotspots/gi-star.ts';

/** Binary neighbourhood sums for cells in a row: cell i sees i − 1, i and i + 1. */
function row(x: number[]): GiCell[] {
  return x.map((xi, i) => {
    const js = [i - 1, i, i + 1].filter((j) => j >= 0 && j < x.length);
    return { x: xi, wSum: js.length, wxSum: js.reduce((s, j) => s + x[j], 0) };
  });
}

describe('Gi*', () => {
  it('matches a four-cell row worked by hand', () => {
    // x = 1 2 3 6: n = 4, X̄ = 3, Σx² = 50, S = √(50/4 − 9) = √3.5.
    // Cell 1 sees {1, 2}: Σw = 2, Σwx = 3, (3 − 3·2) / (√3.5 · √((4·2 − 4)/3)) = −3/√(14/3).
    // Cell 2 sees {1, 2, 3}: Σw = 3, Σwx = 6, (6 − 9) / (√3.5 · √((12 − 9)/3)) = −3/√3.5.
    // Cell 3 sees {2, 3, 4}: Σwx = 11, (11 − 9)/√3.5; cell 4 sees {3, 4}: Σwx = 9, (9 − 6)/√(14/3).
    const { mean, sd, cells } = giStar(row([1, 2, 3, 6]));
    expect(mean).toBe(3);
    expect(sd).toBeCloseTo(Math.sqrt(3.5), 12);
    const z = cells.map((c) => c.z!);
    expect(z[0]).toBeCloseTo(-3 / Math.sqrt(14 / 3), 12); // −1.38873
    expect(z[1]).toBeCloseTo(-3 / Math.sqrt(3.5), 12); //     −1.60357
    expect(z[2]).toBeCloseTo(2 / Math.sqrt(3.5), 12); //       1.06904
    expect(z[3]).toBeCloseTo(3 / Math.sqrt(14 / 3), 12); //    1.38873
    // Two-sided p from the normal distribution (reference values: scipy.stats.norm.sf(|z|) · 2).
    expect(cells[0].p).toBeCloseTo(0.16491482255330148, 6);
    expect(cells[1].p).toBeCloseTo(0.10880943004054568, 6);
    expect(cells[2].p).toBeCloseTo(0.28504940740261275, 6);
    expect(cells.map((c) => c.class)).toEqual(['not_significant', 'not_significant', 'not_significant', 'not_significant']);
  });

  it('finds the hot end of a nine-cell row worked by hand', () => {
    // x = 0 0 0 0 0 0 0 6 6: n = 9, X̄ = 4/3, Σx² = 72, S² = 72/9 − 16/9 = 56/9.
    // Last cell sees {8, 9}: (12 − 8/3) / (√(56/9) · √((18 − 4)/8)) = (28/3) / (7√2/3) = 2√2 ≈ 2.83: hot at 99%.
    // Eighth sees {7, 8, 9}: (12 − 4) / (√(56/9) · √((27 − 9)/8)) = 8/√14 ≈ 2.14: hot at 95%.
    // Seventh sees {6, 7, 8}: (6 − 4)/√14 ≈ 0.53; the middle ones (0 − 4)/√14 ≈ −1.07; the first (0 − 8/3)/(7√2/3).
    const { cells } = giStar(row([0, 0, 0, 0, 0, 0, 0, 6, 6]));
    expect(cells[8].z).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(cells[7].z).toBeCloseTo(8 / Math.sqrt(14), 12);
    expect(cells[6].z).toBeCloseTo(2 / Math.sqrt(14), 12);
    expect(cells[3].z).toBeCloseTo(-4 / Math.sqrt(14), 12);
    expect(cells[0].z).toBeCloseTo(-8 / (7 * Math.SQRT2), 12);
    expect(cells.map((c) => c.class)).toEqual([...Array(7).fill('not_significant'), 'hot_95', 'hot_99']);
    expect(cells[8].p).toBeCloseTo(0.004677734981047177, 6); // 2·norm.sf(2√2)
  });

  it('honours weights other than binary through Σw²', () => {
    // Two cells, each weighing itself 1 and the other 0.5: Σw = 1.5, Σw² = 1.25 for both; x = 0 2, X̄ = 1, S = 1.
    // Cell 2: (0.5·0 + 1·2 − 1·1.5) / (1 · √((2·1.25 − 2.25)/1)) = 0.5/0.5 = 1.
    const { cells } = giStar([{ x: 0, wSum: 1.5, wSqSum: 1.25, wxSum: 1 }, { x: 2, wSum: 1.5, wSqSum: 1.25, wxSum: 2 }]);
    expect(cells[1].z).toBeCloseTo(1, 12);
    expect(cells[0].z).toBeCloseTo(-1, 12);
  });

  it('is undefined, not a number, where the statistic is', () => {
    // Every cell the same (S = 0): no pattern to find, and no division by zero.
    expect(giStar(row([0, 0, 0, 0])).cells.map((c) => c.z)).toEqual([null, null, null, null]);
    expect(giStar(row([3, 3, 3])).cells.every((c) => c.z === null && c.p === null && c.class === 'not_significant')).toBe(true);
    // The middle of three sees every cell: n Σw² − (Σw)² = 0, nothing to compare it with. Its ends are defined.
    const three = giStar(row([0, 1, 5])).cells;
    expect(three[1].z).toBeNull();
    expect(three[2].z).not.toBeNull();
    // One cell, or none.
    expect(giStar(row([4])).cells[0].z).toBeNull();
    expect(giStar([])).toEqual({ mean: 0, sd: 0, cells: [] });
  });
});

describe('bins and p-values', () => {
  it('bins z by the usual critical values, strictly beyond them', () => {
    expect([3, 2.59, 2.58, 2.0, 1.97, 1.96, 1.7, 1.65, 0, -1.66, -1.97, -2.6].map(classify)).toEqual(
      ['hot_99', 'hot_99', 'hot_95', 'hot_95', 'hot_95', 'hot_90', 'hot_90', 'not_significant', 'not_significant',
        'cold_90', 'cold_95', 'cold_99']);
  });

  it('gives two-sided normal p-values, tiny ones included', () => {
    expect(twoSidedP(0)).toBeCloseTo(1, 7);
    expect(twoSidedP(1.96)).toBeCloseTo(0.04999579029644087, 7);
    expect(twoSidedP(-2.58)).toBeCloseTo(0.00988003151554129, 7);
    // Relative accuracy far out, where 1 − Φ(z) would be 0.
    expect(twoSidedP(8) / 1.244192114854348e-15).toBeCloseTo(1, 5);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 7);
  });

  it('corrects for the false discovery rate as Benjamini and Hochberg rank it', () => {
    // m = 10 p-values. At α = 0.01 only p(1) = 0.001 ≤ 1·0.001; at 0.05, p(2) = 0.008 ≤ 2·0.005 but p(3) = 0.039 >
    // 3·0.005…; at 0.10, p(6) = 0.06 ≤ 6·0.01 is the largest rank that passes (p(5) = 0.042 ≤ 0.05 too, p(7) fails).
    const p = [0.205, 0.008, 0.039, 0.001, 0.041, 0.042, 0.06, 0.074, 0.212, 0.216];
    const z = p.map((pi, i) => (i === 2 ? -1 : 1) * 3); // cell 2 on the cold side; z's size does not matter here
    const corrected = fdrCorrect(p.map((pi, i) => ({ z: z[i], p: pi, class: 'not_significant' as const })));
    expect(corrected.map((c) => c.class)).toEqual(['not_significant', 'hot_95', 'cold_90', 'hot_99', 'hot_90', 'hot_90', 'hot_90',
      'not_significant', 'not_significant', 'not_significant']);
    // Uncorrected, seven of them would pass at 90%.
    expect(p.filter((pi) => pi < 0.1).length).toBe(7);
    // Cells without a statistic stay as they are.
    expect(fdrCorrect([{ z: null, p: null, class: 'not_significant' }])[0].class).toBe('not_significant');
  });
});
