// Percentiles by nearest rank (no interpolation: every figure printed is a time some request really took).

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** The middle value (nearest rank: for an even count, the lower of the two middle ones). */
export const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);

/** The lowest and highest of a few ratios, as printed: "0.71–1.62". */
export const spread = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latency(times: number[]): Latency {
  const s = [...times].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p95: percentile(s, 0.95), p99: percentile(s, 0.99), max: s[s.length - 1] ?? NaN };
}

/** A seeded generator (mulberry32): the same tiles and the same order on every run, for both servers. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], rnd: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
