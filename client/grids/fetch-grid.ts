import { fetchJson } from '../api/fetch-json.ts';

/** A grid as GET /api/grids/{id} describes it: the tile attributes plus where it sits and who looks after it. */
export interface GridDetail {
  id: number;
  code: string;
  name: string;
  kind: string;
  group_code: string;
  group_name: string | null;
  village_name: string | null;
  township_name: string | null;
  households: number;
  population: number;
  worker: { name: string; phone: string | null } | null;
  version: number;
  updated_at: string;
}

export async function fetchGrid(id: number | string, signal?: AbortSignal): Promise<GridDetail> {
  const feature = await fetchJson<{ type: 'Feature'; properties: GridDetail }>(`/api/grids/${encodeURIComponent(id)}`, {
    signal,
  });
  return feature.properties;
}
