import { fetchJson } from '../http/fetch-json.ts';

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
  /** Only for a signed-in user whose jurisdiction covers the grid: counts are not posted publicly. */
  households?: number;
  population?: number;
  worker: { name: string; phone: string | null } | null;
  version: number;
  updated_at: string;
}

export async function fetchGrid(id: number | string, signal?: AbortSignal): Promise<GridDetail> {
  const feature = await fetchJson<{ type: 'Feature'; properties: GridDetail }>(`/api/grids/${encodeURIComponent(id)}`, {
    signal,
    // The answer depends on who asks (counts only for a covering jurisdiction) but its ETag is the grid's version
    // alone, so a revalidated copy cached while signed out would come back without counts after signing in.
    cache: 'no-store',
  });
  return feature.properties;
}
