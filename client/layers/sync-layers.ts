import type * as maplibregl from 'maplibre-gl';
import { drawOrder, layerCatalog } from './layer-catalog.ts';
import type { TileLayerName } from './map-layer-group.ts';
import { tileSource } from './tile-source.ts';

export interface LayerState {
  signedIn: boolean;
  hidden: ReadonlySet<TileLayerName>;
}

/** The id of the first layer above `id` in draw order that is on the map now, to insert `id` under it. */
function beforeIdOf(map: maplibregl.Map, id: string): string | undefined {
  return drawOrder.slice(drawOrder.indexOf(id) + 1).find((above) => map.getLayer(above));
}

/**
 * Brings the map's sources and layers in line with the session and the layer list: signed-in layers are added
 * only with a session (their tiles answer 401 without one) and removed at sign-out; hidden ones stay but are not drawn.
 * Safe to call any number of times.
 */
export function syncLayers(map: maplibregl.Map, state: LayerState): void {
  for (const group of layerCatalog) {
    const present = map.getSource(group.source) !== undefined;
    if (group.signedInOnly && !state.signedIn) {
      if (!present) continue;
      for (const { spec } of group.layers) if (map.getLayer(spec.id)) map.removeLayer(spec.id);
      map.removeSource(group.source);
      continue;
    }
    if (!present) map.addSource(group.source, tileSource(group.source));
    const visibility = state.hidden.has(group.source) ? 'none' : 'visible';
    for (const { spec } of group.layers) {
      if (!map.getLayer(spec.id)) map.addLayer(spec, beforeIdOf(map, spec.id));
      map.setLayoutProperty(spec.id, 'visibility', visibility);
    }
  }
}
