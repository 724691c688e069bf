import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { fetchUnit, listGridsInBbox, type GridProps, type UnitProps } from './grid-edit-api.ts';
import { snapLine, type SnapLine } from './snap-to-edges.ts';

/** Below this zoom the view holds too many grids to fetch for snapping; the editor asks to zoom in. */
export const EDIT_MIN_ZOOM = 13;

type Unit = Feature<MultiPolygon, UnitProps>;

/**
 * What a draft is checked and snapped against: the live grids in (a margin around) the view, fetched from the API
 * with their full geometry (tiles are clipped and simplified), and the village group the draft belongs to.
 */
export function createEditContext(map: maplibregl.Map) {
  let grids: FeatureCollection<Polygon, GridProps> = { type: 'FeatureCollection', features: [] };
  let fetchedBox: [number, number, number, number] | null = null;
  let pending: AbortController | null = null;
  const units = new Map<string, Promise<Unit | null>>();
  let parent: Unit | null = null;
  let wanted: string | null = null;
  let excluded = new Set<number>();
  let lines: SnapLine[] = [];
  const listeners = new Set<() => void>();

  function rebuildLines() {
    lines = [];
    for (const f of grids.features) {
      if (!excluded.has(f.properties.id)) for (const ring of f.geometry.coordinates) lines.push(snapLine(ring));
    }
    for (const poly of parent?.geometry.coordinates ?? []) for (const ring of poly) lines.push(snapLine(ring));
  }

  function changed() {
    rebuildLines();
    for (const l of listeners) l();
  }

  /** The view with half a screen of margin, so a vertex dragged a little outside still has neighbours to meet. */
  function viewBox(): [number, number, number, number] {
    const b = map.getBounds();
    const dx = (b.getEast() - b.getWest()) / 2;
    const dy = (b.getNorth() - b.getSouth()) / 2;
    return [b.getWest() - dx, b.getSouth() - dy, b.getEast() + dx, b.getNorth() + dy];
  }

  const inside = (a: number[], b: number[]) => a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3];

  return {
    /** Fetches the grids around the view unless the last answer still covers it (or `force`, after a save). */
    async refresh(force = false): Promise<void> {
      if (map.getZoom() < EDIT_MIN_ZOOM) return;
      const b = map.getBounds();
      const view = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
      if (!force && fetchedBox && inside(view, fetchedBox)) return;
      pending?.abort();
      const request = new AbortController();
      pending = request;
      const box = viewBox();
      try {
        grids = await listGridsInBbox(box, request.signal);
        fetchedBox = box;
        changed();
      } catch (err) {
        if (!request.signal.aborted) console.warn('grids for editing:', err);
      } finally {
        if (pending === request) pending = null;
      }
    },
    /** The grid being edited, or the sources of a merge, are not their own neighbours. */
    exclude(ids: Iterable<number>) {
      excluded = new Set(ids);
      changed();
    },
    /** Sets the group the draft belongs to (null for none known); its boundary is fetched once per code. */
    async setParent(code: string | null): Promise<Unit | null> {
      wanted = code;
      // A group still on its way is not the old group's: check against none rather than the wrong one meanwhile.
      if (parent?.properties.code !== code) {
        parent = null;
        changed();
      }
      if (!code) return null;
      if (!units.has(code)) {
        units.set(code, fetchUnit(code).catch((err) => {
          console.warn('unit:', err);
          units.delete(code); // try again next time
          return null;
        }));
      }
      const unit = await units.get(code)!;
      if (wanted !== code) return unit; // asked for another group meanwhile
      parent = unit;
      changed();
      return unit;
    },
    /** The group asked for last, whether or not its boundary has arrived. */
    get parentCode(): string | null {
      return wanted;
    },
    /**
     * The village group under a draft, from the boundaries the map has loaded (a draft has no group until the
     * server infers one on save). Undefined when the map has no group boundaries at this zoom.
     */
    groupUnder(draft: Polygon): string | undefined {
      if (!map.getSource('admin_unit')) return undefined;
      const point = pointOnFeature(draft);
      const groups = map.querySourceFeatures('admin_unit', { sourceLayer: 'admin_unit', filter: ['==', ['get', 'level'], 'group'] });
      // Tile pieces of one group are separate features: any piece holding the point names the group.
      const hit = groups.find((g) => (g.geometry.type === 'Polygon' || g.geometry.type === 'MultiPolygon')
        && booleanPointInPolygon(point, g.geometry));
      const code = hit?.properties.code;
      return typeof code === 'string' ? code : undefined;
    },
    get neighbours(): Feature<Polygon, GridProps>[] {
      return grids.features.filter((f) => !excluded.has(f.properties.id));
    },
    /** A grid from the last fetch, by id (the merge list names them by code). */
    grid(id: number): Feature<Polygon, GridProps> | undefined {
      return grids.features.find((f) => f.properties.id === id);
    },
    get parent(): Unit | null {
      return parent;
    },
    /** Rings of the neighbours and of the parent group, for snapping. */
    get snapLines(): readonly SnapLine[] {
      return lines;
    },
    /** Told when the neighbours or the parent change, so the draft is checked again. */
    onChange(listener: () => void) {
      listeners.add(listener);
    },
  };
}

export type EditContext = ReturnType<typeof createEditContext>;
