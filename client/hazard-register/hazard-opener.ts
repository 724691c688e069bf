import type * as maplibregl from 'maplibre-gl';
import { fetchHazard, type HazardFeature } from '../hazards/hazard-api.ts';

/** Close enough to see the hazard among its neighbours, never zooming out of a closer view. */
const MIN_ZOOM = 16;

interface Targets {
  /** The hazard panel: shows a hazard in hand, or loads one by id with its own loading and error states. */
  detail: { show(hazard: HazardFeature): void; open(id: number, tile: Record<string, unknown>): void };
  /** The map's selection, so the hazard is highlighted and a click elsewhere closes the panel as usual. */
  inspector: { select(layer: 'hazard', id: number): void };
}

/**
 * Opens a hazard picked outside the map (the register) as a click on it would: the map goes there, the hazard is
 * highlighted and its panel shows. Only the latest pick counts. Should the hazard not load, the panel is opened by id
 * and says so itself.
 */
export function createHazardOpener(map: maplibregl.Map, { detail, inspector }: Targets) {
  let pending: AbortController | null = null;
  const flyTo = (at: [number, number]) => map.flyTo({ center: at, zoom: Math.max(map.getZoom(), MIN_ZOOM) });

  return async function openHazard(id: number, at?: [number, number]): Promise<void> {
    pending?.abort();
    const mine = new AbortController();
    pending = mine;
    if (at) flyTo(at);
    try {
      const hazard = await fetchHazard(id, mine.signal);
      if (pending !== mine) return;
      if (!at) flyTo(hazard.geometry.coordinates);
      detail.show(hazard);
      inspector.select('hazard', hazard.id);
    } catch (err) {
      if (mine.signal.aborted) return;
      console.warn('open hazard:', err);
      detail.open(id, {});
      inspector.select('hazard', id);
    }
  };
}
