// Cleaning a raw track into patrols: what phones record is out of order, repeated, and now and then a jump of
// kilometres. Tight loops over flat arrays, since a track may have 100,000 points; the county test (which points
// lie outside the county) is PostGIS's, and its answer comes in as a mask.
import { localDayNumber, MAX_PAUSE_S, MAX_SPEED_KMH, MIN_PIECE_POINTS } from './patrol-rules.ts';
import type { TimedPoints } from './track-input.ts';

export interface Removed {
  /** Points at a time already taken by an earlier point (the same fix sent twice, or two fixes in one instant). */
  duplicates: number;
  /** Points reached from the last kept point faster than MAX_SPEED_KMH. */
  speed: number;
  /** Points outside the county (beyond OUTSIDE_BUFFER_M of its outline). */
  outside: number;
  /** Pieces left with fewer than MIN_PIECE_POINTS points after splitting (counted as pieces, not points). */
  short_pieces: number;
}

/** The points in time order without duplicate times: the order the other steps assume. */
export function sortAndDedupe(p: TimedPoints): { points: TimedPoints; duplicates: number } {
  const n = p.t.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => p.t[a] - p.t[b] || a - b); // stable: of equal times the first sent is kept
  const out: TimedPoints = { lon: [], lat: [], t: [] };
  let last = Number.NaN;
  for (const i of order) {
    const t = Math.round(p.t[i] * 1000) / 1000; // a millisecond is the finest any device reports
    if (t === last) continue;
    last = t;
    out.lon.push(p.lon[i]);
    out.lat.push(p.lat[i]);
    out.t.push(t);
  }
  return { points: out, duplicates: n - out.t.length };
}

/** Keeps the points where keep[i] is true. */
export function filterPoints(p: TimedPoints, keep: (i: number) => boolean): TimedPoints {
  const out: TimedPoints = { lon: [], lat: [], t: [] };
  for (let i = 0; i < p.t.length; i++) {
    if (!keep(i)) continue;
    out.lon.push(p.lon[i]);
    out.lat.push(p.lat[i]);
    out.t.push(p.t[i]);
  }
  return out;
}

const R = 6371008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine: exact enough at metres, and cheap). */
export function metresBetween(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Drops points reached from the last kept point faster than MAX_SPEED_KMH. Compared with the last kept point, not
 * the previous one, so a single jump is dropped and the walk after it is kept.
 */
export function dropSpeeding(p: TimedPoints): { points: TimedPoints; speed: number } {
  const maxMs = MAX_SPEED_KMH / 3.6;
  let last = 0;
  let speed = 0;
  const points = filterPoints(p, (i) => {
    if (i === 0) return true;
    const d = metresBetween(p.lon[last], p.lat[last], p.lon[i], p.lat[i]);
    if (d / (p.t[i] - p.t[last]) > maxMs) {
      speed++;
      return false;
    }
    last = i;
    return true;
  });
  return { points, speed };
}

/**
 * The piece each point belongs to: a new piece after a pause longer than MAX_PAUSE_S and at local midnight (so a
 * patrol lies in one day, the unit coverage is counted in). Pieces with too few points get -1.
 */
export function splitPieces(p: TimedPoints): { piece: Int32Array; pieces: number; short_pieces: number } {
  const n = p.t.length;
  const raw = new Int32Array(n);
  let k = 0;
  for (let i = 1; i < n; i++) {
    if (p.t[i] - p.t[i - 1] > MAX_PAUSE_S || localDayNumber(p.t[i]) !== localDayNumber(p.t[i - 1])) k++;
    raw[i] = k;
  }
  const sizes = new Int32Array(n === 0 ? 0 : k + 1);
  for (let i = 0; i < n; i++) sizes[raw[i]]++;
  const renumber = new Int32Array(sizes.length).fill(-1);
  let pieces = 0;
  let short = 0;
  for (let j = 0; j < sizes.length; j++) {
    if (sizes[j] >= MIN_PIECE_POINTS) renumber[j] = pieces++;
    else short++;
  }
  const piece = raw.map((j) => renumber[j]);
  return { piece, pieces, short_pieces: short };
}
