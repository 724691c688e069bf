// The order in which a team visits a task's households: a nearest-neighbour walk from the westernmost household,
// improved by 2-opt (free at both ends, so the start may move) and Or-opt (moving runs of one to three households
// elsewhere) until neither shortens it. Straight-line distance, as no road network is
// loaded; on a few dozen households this is within a few per cent of the best tour and takes milliseconds. Pure.

export interface Stop {
  id: number;
  lon: number;
  lat: number;
}

const EARTH_M = 6_371_008.8;

/** Metres between two stops: equirectangular at their mean latitude, exact enough within a task's extent. */
export function metres(a: Stop, b: Stop): number {
  const k = Math.PI / 180;
  const x = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.hypot(x, y) * EARTH_M;
}

export const tourLength = (stops: readonly Stop[]) => stops.slice(1).reduce((s, p, i) => s + metres(stops[i], p), 0);

/**
 * Improvement is skipped beyond this many stops: a pass grows with the cube of the stops, and no team walks 400
 * doors in one task (a grid-sized task has 10 to 80 households).
 */
const MAX_IMPROVED_STOPS = 400;

/** An open tour (a path, no return) through every stop. */
export function visitingOrder(stops: readonly Stop[]): Stop[] {
  if (stops.length < 3) return [...stops];
  // Start at the westernmost stop (ties: southernmost), so the same households give the same order.
  const rest = [...stops].sort((a, b) => a.lon - b.lon || a.lat - b.lat || a.id - b.id);
  const tour = [rest.shift()!];
  while (rest.length) {
    const last = tour[tour.length - 1];
    let best = 0;
    for (let i = 1; i < rest.length; i++) if (metres(last, rest[i]) < metres(last, rest[best])) best = i;
    tour.push(rest.splice(best, 1)[0]);
  }
  if (tour.length > MAX_IMPROVED_STOPS) return tour;
  while (twoOpt(tour) || orOpt(tour));
  return tour;
}

/** Metres between two stops, 0 when either is missing (past an end of the path). */
const gap = (a: Stop | undefined, b: Stop | undefined) => (a && b ? metres(a, b) : 0);

/**
 * One pass of 2-opt on an open path: reversing tour[i..j] replaces edges (i-1, i) and (j, j+1) by (i-1, j) and
 * (i, j+1); at either end there is no edge to pay for, so reversing a head or a tail moves where the walk starts.
 */
function twoOpt(tour: Stop[]): boolean {
  let improved = false;
  for (let i = 0; i < tour.length - 1; i++) {
    for (let j = i + 1; j < tour.length; j++) {
      const before = gap(tour[i - 1], tour[i]) + gap(tour[j], tour[j + 1]);
      const after = gap(tour[i - 1], tour[j]) + gap(tour[i], tour[j + 1]);
      if (after < before - 1e-6) {
        tour.splice(i, j - i + 1, ...tour.slice(i, j + 1).reverse());
        improved = true;
      }
    }
  }
  return improved;
}

/** One pass of Or-opt: a run of one to three stops taken out and put back, either way round, where it costs least. */
function orOpt(tour: Stop[]): boolean {
  let improved = false;
  for (let length = 1; length <= 3; length++) {
    for (let i = 0; i + length <= tour.length; i++) {
      const run = tour.slice(i, i + length);
      const saved = gap(tour[i - 1], run[0]) + gap(run[length - 1], tour[i + length]) - gap(tour[i - 1], tour[i + length]);
      const rest = [...tour.slice(0, i), ...tour.slice(i + length)];
      let best: { at: number; run: Stop[]; cost: number } | null = null;
      for (let at = 0; at <= rest.length; at++) {
        if (at === i) continue; // where it came from
        for (const r of length > 1 ? [run, [...run].reverse()] : [run]) {
          const cost = gap(rest[at - 1], r[0]) + gap(r[length - 1], rest[at]) - gap(rest[at - 1], rest[at]);
          if (cost < saved - 1e-6 && (!best || cost < best.cost)) best = { at, run: r, cost };
        }
      }
      if (best) {
        tour.splice(0, tour.length, ...rest.slice(0, best.at), ...best.run, ...rest.slice(best.at));
        improved = true;
      }
    }
  }
  return improved;
}
