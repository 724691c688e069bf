// The facts of a grid notice (网格公示), gathered from PostGIS: who stands above the grid workers, every grid with its
// worker, and the map's shapes already projected into the page's frame. No HTTP here.
import { readFileSync } from 'node:fs';
import type { Pool } from '../db/pool.ts';
import { notFound } from '../http/errors.ts';

const sql = (name: string) => readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8');
const FRAME = sql('notice-frame');
const GRIDS = sql('notice-grids');
const OUTLINES = sql('notice-outlines');
const CHAIN = sql('notice-chain');
const TOWNSHIP_VILLAGES = sql('township-villages');

export interface Leader { code: string; level: string; name: string; leader_name: string | null; leader_phone: string | null }
export interface NoticeGrid {
  code: string; name: string; kind: string; group_code: string;
  worker_name: string | null; worker_phone: string | null;
  /** SVG path data in the frame's millimetres, and where its label goes. */
  path: string; lx: number; ly: number;
}
export interface NoticeOutline extends Leader { path: string; lx: number; ly: number }

export interface NoticeData {
  code: string;
  /** The unit or grid the notice is for, and the units above it, from the township down. */
  chain: Leader[];
  grids: NoticeGrid[];
  /** The unit's own outline and, for a village, its groups' (with their leaders). */
  outlines: NoticeOutline[];
  frame: { width: number; height: number; metresPerMm: number };
}

/**
 * Loads a notice for a village (12 digits), village group (15) or grid (17), its map fitted into a frame of
 * width × height millimetres with a margin; 404 when nothing live lies under the code.
 */
export async function loadNotice(db: Pool, code: string, width: number, height: number): Promise<NoticeData> {
  const { rows: [f] } = await db.query(FRAME, [code]);
  if (!f) throw notFound(`No live micro-grids under ${code}.`);
  const spanX = Math.max(f.xmax - f.xmin, 50);
  const spanY = Math.max(f.ymax - f.ymin, 50);
  const scale = 0.92 * Math.min(width / spanX, height / spanY); // mm per metre
  const dx = width / 2 / scale - (f.xmin + f.xmax) / 2;
  const dy = height / 2 / scale - (f.ymin + f.ymax) / 2;
  const frameArgs = [code, f.srid, dx, dy, scale];
  const [grids, outlines, chain] = await Promise.all([
    db.query<NoticeGrid>(GRIDS, frameArgs),
    code.length < 17 ? db.query<NoticeOutline>(OUTLINES, frameArgs) : Promise.resolve({ rows: [] as NoticeOutline[] }),
    db.query<Leader>(CHAIN, [code]),
  ]);
  // ST_AsSVG writes y as -y; the frame's y runs from -height to 0, which the SVG's viewBox says.
  return {
    code, chain: chain.rows, grids: grids.rows, outlines: outlines.rows,
    frame: { width, height, metresPerMm: 1 / scale },
  };
}

/** The villages of a township, whose notices one after the other make the township's batch; 404 for none. */
export async function townshipVillages(db: Pool, township: string): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(TOWNSHIP_VILLAGES, [township]);
  if (!rows.length) throw notFound(`No villages in township ${township}.`);
  return rows.map((r) => r.code);
}
