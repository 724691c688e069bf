// Planted patrol tracks for the tests: a walk along given corners at walking pace, one fix every few seconds.
import type { Position } from 'geojson';
import type { Pool } from '../../server/db/pool.ts';
import { metresBetween } from '../../server/patrols/track-cleaning.ts';

export type Fix = [number, number, number]; // lon, lat, epoch seconds

/** Fixes every `step` metres along the corners, at `speed` m/s from t0 (epoch seconds). */
export function walk(corners: Position[], t0: number, step = 5, speed = 1.2): Fix[] {
  const out: Fix[] = [[corners[0][0], corners[0][1], t0]];
  let t = t0;
  for (let i = 1; i < corners.length; i++) {
    const [a, b] = [corners[i - 1], corners[i]];
    const d = metresBetween(a[0], a[1], b[0], b[1]);
    const n = Math.max(1, Math.ceil(d / step));
    for (let k = 1; k <= n; k++) {
      t += d / n / speed;
      out.push([a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n, Math.round(t)]);
    }
  }
  return out;
}

/** A zig-zag across the middle 60% of a bounding box, `legs` legs from south to north. */
export function zigZag([w, s, e, n]: number[], legs = 6): Position[] {
  const x0 = w + (e - w) * 0.2;
  const x1 = e - (e - w) * 0.2;
  return Array.from({ length: legs + 1 }, (_, i) => [i % 2 === 0 ? x0 : x1, s + (n - s) * (0.2 + 0.6 * i / legs)]);
}

/** The signed-in `worker` account's person, grid (GeoJSON) and the grid's bounding box. */
export async function workerAndGrid(pool: Pool, username = 'worker') {
  const { rows: [r] } = await pool.query(`select p.id as person_id, g.id as grid_id, g.code,
      st_asgeojson(g.geom)::json as geometry, st_xmin(g.geom) as w, st_ymin(g.geom) as s, st_xmax(g.geom) as e, st_ymax(g.geom) as n
    from app_user u join person p on p.id = u.person_id join grid g on g.worker_id = p.id and g.retired_at is null
    where u.username = $1 order by g.id limit 1`, [username]);
  return { personId: r.person_id as number, gridId: r.grid_id as number, code: r.code as string, geometry: r.geometry,
    bbox: [r.w, r.s, r.e, r.n] as number[] };
}

/** A local (China Standard Time) day `back` days before today, and 09:00 that day as epoch seconds. */
export function localDayBack(back: number): { day: string; nine: number } {
  const day = new Date(Date.now() + 8 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
  return { day, nine: Date.parse(`${day}T09:00:00+08:00`) / 1000 };
}

export function gpxOf(fixes: Fix[]): string {
  const pts = fixes.map(([lon, lat, t]) => `<trkpt lat="${lat}" lon="${lon}"><time>${new Date(t * 1000).toISOString()}</time></trkpt>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="gridwatch-test" xmlns="http://www.topografix.com/GPX/1/1">`
    + `<trk><name>巡查</name><trkseg>${pts.join('')}</trkseg></trk></gpx>`;
}
