// A day's patrols as one timeline: where the worker was at a given second, and how much of each track lies behind
// it. Pure, so playback can draw any moment (the slider jumps; it does not only step forward).

export interface TimedTrack {
  coordinates: [number, number][];
  /** Epoch seconds, ascending, one per coordinate. */
  times: number[];
}

/** The index of the last time at or before `t`, or -1 when `t` is before the first. */
function lastAtOrBefore(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || t < times[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The position at `t`, between the fixes either side; null outside the track's time. */
export function positionAt(track: TimedTrack, t: number): [number, number] | null {
  const i = lastAtOrBefore(track.times, t);
  if (i < 0 || t > track.times[track.times.length - 1]) return null;
  if (i === track.times.length - 1) return track.coordinates[i];
  const [a, b] = [track.coordinates[i], track.coordinates[i + 1]];
  const span = track.times[i + 1] - track.times[i];
  const f = span > 0 ? (t - track.times[i]) / span : 0;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
}

/**
 * The part of a track walked by `t`: its fixes up to then and, mid-way between two, the interpolated position, so
 * the drawn line reaches the marker. `fixes` counts the recorded points among them.
 */
export function walkedBy(track: TimedTrack, t: number): { path: [number, number][]; fixes: number } {
  const i = lastAtOrBefore(track.times, t);
  if (i < 0) return { path: [], fixes: 0 };
  const path = track.coordinates.slice(0, i + 1);
  const head = positionAt(track, t);
  if (head && i < track.times.length - 1 && track.times[i] < t) path.push(head);
  return { path, fixes: i + 1 };
}
