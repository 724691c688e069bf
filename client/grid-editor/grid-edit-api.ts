import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { fetchJson } from '../http/fetch-json.ts';

/** The grid kinds the server accepts, in the order the form offers them. */
export const GRID_KINDS = ['residential', 'enterprise', 'park', 'market', 'compound', 'project'] as const;
export type GridKind = (typeof GRID_KINDS)[number];

export interface GridProps {
  id: number;
  code: string;
  name: string;
  kind: GridKind;
  group_code: string;
  version: number;
  worker_id?: number | null;
  worker?: { name: string; phone: string | null } | null;
  [key: string]: unknown;
}
export type GridFeature = Feature<Polygon, GridProps>;

/** What a planner may change on a grid besides its shape; `reason` is kept in the grid's history. */
export interface GridEdit {
  kind?: GridKind;
  name?: string;
  worker_id?: number | null;
  reason?: string;
}

export interface UnitProps {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village' | 'group';
  parent_code: string | null;
}

export interface GridVersion {
  version: number;
  action: 'create' | 'update' | 'delete' | 'split' | 'merge' | 'restore' | 'import' | 'auto_split';
  reason: string | null;
  actor: string;
  at: string;
  geometry: Polygon;
  kind: GridKind;
  name: string;
  worker_id: number | null;
}

export interface GridHistory {
  id: number;
  versions: GridVersion[];
  lineage: { ancestors: number[]; descendants: number[] };
}

export interface PartitionGaps {
  unit: string;
  gaps: FeatureCollection<Polygon | MultiPolygon, { group_code: string; area_m2: number; households: number }>;
  overlaps: FeatureCollection<Polygon | MultiPolygon, { grid_ids: number[]; area_m2: number }>;
  households_outside: FeatureCollection<Point>;
  totals: { gaps: number; gap_area_m2: number; overlaps: number; overlap_area_m2: number; households_outside: number };
}

export type Proposals = FeatureCollection<Polygon, { households: number; population: number; index: number }>;
export interface AutoSplitPreview {
  proposals: Proposals;
  summary: Record<string, unknown>;
}
/** Households and people inside each proposal, by its place in the collection sent. */
export interface ProposalCount {
  index: number;
  households: number;
  population: number;
}

/** Someone who can be made a grid's worker; `grid_code` is the live grid they work now (null: none). */
export interface Person {
  id: number;
  name: string;
  phone: string | null;
  role: 'chief' | 'leader' | 'worker';
  jurisdiction: string;
  grid_code: string | null;
}

const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body) });
/** The version a write is based on: the server answers 409 when someone saved in between. */
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
// Grids change under a planner's hands: never answer from the HTTP cache.
const fresh: RequestInit = { cache: 'no-store' };

export const fetchGridFeature = (id: number, signal?: AbortSignal) =>
  fetchJson<GridFeature>(`/api/grids/${id}`, { ...fresh, signal });

export const listGridsInBbox = (bbox: [number, number, number, number], signal?: AbortSignal) =>
  fetchJson<FeatureCollection<Polygon, GridProps>>(`/api/grids?bbox=${bbox.map((v) => v.toFixed(6)).join(',')}`, {
    ...fresh,
    signal,
  });

export const fetchUnit = (code: string, signal?: AbortSignal) =>
  fetchJson<Feature<MultiPolygon, UnitProps>>(`/api/units/${encodeURIComponent(code)}`, { signal });

export const createGrid = (geometry: Polygon, props: GridEdit & { kind: GridKind; group_code?: string }) =>
  fetchJson<GridFeature>('/api/grids', { method: 'POST', ...json({ type: 'Feature', geometry, properties: props }) });

export const updateGrid = (id: number, version: number, change: { geometry?: Polygon; properties?: GridEdit }) =>
  fetchJson<GridFeature>(`/api/grids/${id}`, {
    method: 'PUT',
    headers: ifMatch(version),
    ...json({ type: 'Feature', ...change }),
  });

export const deleteGrid = (id: number, version: number, reason?: string) =>
  fetchJson<{ id: number; retired: true }>(`/api/grids/${id}`, { method: 'DELETE', headers: ifMatch(version), ...json({ reason }) });

export const splitGrid = (id: number, line: LineString, reason?: string) =>
  fetchJson<{ grids: FeatureCollection<Polygon, GridProps> }>(`/api/grids/${id}/split`, { method: 'POST', ...json({ line, reason }) });

export const mergeGrids = (ids: number[], reason?: string) =>
  fetchJson<GridFeature>('/api/grids/merge', { method: 'POST', ...json({ ids, reason }) });

export const fetchGridHistory = (id: number) => fetchJson<GridHistory>(`/api/grids/${id}/history`, fresh);

export const restoreGrid = (id: number, version: number, reason?: string) =>
  fetchJson<GridFeature>(`/api/grids/${id}/restore`, { method: 'POST', ...json({ version, reason }) });

export const fetchPartitionGaps = (unit: string) =>
  fetchJson<PartitionGaps>(`/api/coverage/partition-gaps?unit=${encodeURIComponent(unit)}`, fresh);

export const previewAutoSplit = (groupCode: string, range: { min: number; max: number }) =>
  fetchJson<AutoSplitPreview>(`/api/units/${encodeURIComponent(groupCode)}/auto-split`, { method: 'POST', ...json(range) });

export const countProposals = (groupCode: string, proposals: Proposals, signal?: AbortSignal) =>
  fetchJson<{ counts: ProposalCount[] }>(`/api/units/${encodeURIComponent(groupCode)}/auto-split/count`, {
    method: 'POST',
    ...json({ proposals }),
    signal,
  });

export const acceptAutoSplit = (groupCode: string, proposals: Proposals, reason?: string) =>
  fetchJson<{ grids: FeatureCollection<Polygon, GridProps> }>(`/api/units/${encodeURIComponent(groupCode)}/auto-split/accept`, {
    method: 'POST',
    ...json({ proposals, reason }),
  });

/** Grid workers of a unit (a code prefix: a group, or a township to search by name); at most 500. */
export function listWorkers(filter: { unit?: string; name?: string }, signal?: AbortSignal) {
  const query = new URLSearchParams({ role: 'worker' });
  if (filter.unit) query.set('unit', filter.unit);
  if (filter.name) query.set('name', filter.name);
  // Who works which grid changes with every save: never from the HTTP cache.
  return fetchJson<{ people: Person[] }>(`/api/people?${query}`, { ...fresh, signal });
}

/** A 422's `details.where`, when the server says where the problem is. */
export function whereOf(details: unknown): Geometry | null {
  const where = (details as { where?: unknown } | undefined)?.where;
  return where && typeof where === 'object' && 'type' in where ? (where as Geometry) : null;
}
