import type { FeatureCollection } from 'geojson';
import type * as maplibregl from 'maplibre-gl';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * A GeoJSON source of the panels' own (a footprint, tasks, a warning's grids) with its style layers, added on first
 * use and drawn above the tile layers; later calls only replace the data. `clear` empties it without removing the
 * layers, so their ids stay stable for tests.
 */
export function createMapOverlay(map: maplibregl.Map, id: string, layers: maplibregl.LayerSpecification[]) {
  // Panels open from the top bar, after the map's style has loaded, so the source can be added at once.
  function ensure(): maplibregl.GeoJSONSource {
    if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY });
    for (const layer of layers) if (!map.getLayer(layer.id)) map.addLayer(layer);
    return map.getSource(id) as maplibregl.GeoJSONSource;
  }
  let last: FeatureCollection = EMPTY;
  return {
    set(data: FeatureCollection) {
      last = data;
      ensure().setData(data);
    },
    clear() {
      last = EMPTY;
      (map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(EMPTY);
    },
    get data(): FeatureCollection {
      return last;
    },
  };
}

export type MapOverlay = ReturnType<typeof createMapOverlay>;
