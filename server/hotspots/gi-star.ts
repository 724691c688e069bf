// The Getis–Ord Gi* statistic from the per-cell sums the database computes, with its two-sided p-value and the
// usual confidence bins. Pure: no database, no HTTP.
//
//   Gi*_i = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S · √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))
//   X̄ = Σ_j x_j / n,   S = √(Σ_j x_j² / n − X̄²)
//
// over all n cells, with j running over i's neighbourhood, i itself included (that is the star). Gi* is already a
// z-score: under the null hypothesis of no spatial clustering it is approximately standard normal.

/** One cell's value and its neighbourhood sums (i itself included). */
export interface GiCell {
  /** x_i, the cell's own value. */
  x: number;
  /** Σ_j w_ij: with binary weights, the number of cells in the neighbourhood. */
  wSum: number;
  /** Σ_j w_ij²: equal to wSum for binary weights, the default. */
  wSqSum?: number;
  /** Σ_j w_ij x_j. */
  wxSum: number;
}

export const HOTSPOT_CLASSES = ['hot_99', 'hot_95', 'hot_90', 'not_significant', 'cold_90', 'cold_95', 'cold_99'] as const;
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number];

/** Critical values of the standard normal for 99%, 95% and 90% confidence (two-sided), as the bins are usually drawn. */
export const CRITICAL_Z = { 99: 2.58, 95: 1.96, 90: 1.65 } as const;

export interface GiResult {
  /** null when the statistic is undefined: every cell has the same value (S = 0), or a neighbourhood spans all cells. */
  z: number | null;
  p: number | null;
  class: HotspotClass;
}

/** Gi* for every cell, in order; X̄ (mean) and S (sd, the population standard deviation) over exactly the cells given. */
export function giStar(cells: readonly GiCell[]): { mean: number; sd: number; cells: GiResult[] } {
  const n = cells.length;
  let sum = 0;
  let sumSq = 0;
  for (const c of cells) {
    sum += c.x;
    sumSq += c.x * c.x;
  }
  const mean = n ? sum / n : 0;
  const s = n ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
  // Relative to the mean's scale: S from a sum of squares of equal values is not always exactly 0 in floating point.
  const flat = s <= 1e-12 * Math.max(1, Math.abs(mean));
  const results = cells.map((c): GiResult => {
    const wSq = c.wSqSum ?? c.wSum;
    const spread = (n * wSq - c.wSum * c.wSum) / (n - 1);
    if (n < 2 || flat || !(spread > 1e-12)) return { z: null, p: null, class: 'not_significant' };
    const z = (c.wxSum - mean * c.wSum) / (s * Math.sqrt(spread));
    return { z, p: twoSidedP(z), class: classify(z) };
  });
  return { mean, sd: s, cells: results };
}

/** Significance levels of the bins, as two-sided α. */
const ALPHAS = [[99, 0.01], [95, 0.05], [90, 0.1]] as const;

/**
 * Reclassifies cells with the Benjamini–Hochberg false discovery rate correction: with thousands of cells tested at
 * once, some hundred would pass at 95% by chance alone. At each level α the p-values are ranked and the cells up to
 * the largest rank k with p_(k) ≤ k·α/m stay significant; each cell gets the strictest level it survives (the same
 * procedure ArcGIS applies with its FDR option). Cells with no statistic stay not significant.
 */
export function fdrCorrect(results: readonly GiResult[]): GiResult[] {
  const tested = results.map((r, i) => ({ p: r.p, i })).filter((r): r is { p: number; i: number } => r.p !== null)
    .sort((a, b) => a.p - b.p);
  const m = tested.length;
  const level = new Array<number | null>(results.length).fill(null);
  for (const [confidence, alpha] of [...ALPHAS].reverse()) {
    let k = 0;
    tested.forEach((r, rank) => {
      if (r.p <= ((rank + 1) * alpha) / m) k = rank + 1;
    });
    for (let rank = 0; rank < k; rank++) level[tested[rank].i] = confidence;
  }
  return results.map((r, i) => {
    const confidence = level[i];
    if (r.z === null || confidence === null) return { ...r, class: 'not_significant' };
    return { ...r, class: `${r.z > 0 ? 'hot' : 'cold'}_${confidence}` as HotspotClass };
  });
}

/** The bin of a z-score: hot or cold at 99, 95 or 90% confidence, or not significant. */
export function classify(z: number): HotspotClass {
  const a = Math.abs(z);
  const side = z > 0 ? 'hot' : 'cold';
  if (a > CRITICAL_Z[99]) return `${side}_99`;
  if (a > CRITICAL_Z[95]) return `${side}_95`;
  if (a > CRITICAL_Z[90]) return `${side}_90`;
  return 'not_significant';
}

/** P(|Z| ≥ |z|) for a standard normal Z: erfc(|z|/√2). */
export function twoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * The complementary error function by a Chebyshev fit (Numerical Recipes, erfcc): relative error below 1.2e-7
 * everywhere, plenty for p-values reported to a few digits, and it keeps tiny p-values instead of rounding to 0
 * as 1 − Φ(z) would.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
