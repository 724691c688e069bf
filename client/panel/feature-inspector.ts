import type * as maplibregl from 'maplibre-gl';
import { fetchGrid } from '../grids/fetch-grid.ts';
import type { TileLayerName } from '../layers/map-layer-group.ts';
import { createFeatureSelection } from '../map/feature-selection.ts';
import { pickFeature } from '../map/pick-feature.ts';
import type { createFeaturePanel } from './feature-panel.ts';
import { gridDetailView, tileFeatureView } from './feature-view.ts';

type FeaturePanel = ReturnType<typeof createFeaturePanel>;

interface Options {
  /** While true, clicks and hovers on the map belong to someone else (the planner's drawing tools). */
  paused?: () => boolean;
}

/**
 * Clicks on the map: a feature opens the panel and is highlighted, an empty spot closes both. A grid shows its tile
 * attributes at once and its details from /api/grids/{id} when they arrive (only the latest click's answer counts).
 */
export function createFeatureInspector(map: maplibregl.Map, panel: FeaturePanel, options: Options = {}) {
  const selection = createFeatureSelection(map);
  let pending: AbortController | null = null;
  let shown: maplibregl.MapGeoJSONFeature | null = null;

  function close() {
    pending?.abort();
    pending = null;
    shown = null;
    selection.clear();
    panel.close();
  }

  function open(feature: maplibregl.MapGeoJSONFeature) {
    pending?.abort();
    pending = null;
    shown = feature;
    const layer = feature.source as TileLayerName;
    const properties = { ...feature.properties };
    selection.select(feature);
    if (layer !== 'grid' || feature.id === undefined) {
      panel.show(layer, feature.id, () => tileFeatureView(layer, properties));
      return;
    }
    const request = new AbortController();
    pending = request;
    panel.show(layer, feature.id, () => tileFeatureView(layer, properties), 'loading');
    fetchGrid(feature.id, request.signal).then(
      (detail) => {
        if (pending === request) panel.show(layer, feature.id, () => gridDetailView(detail));
      },
      (err: unknown) => {
        if (request.signal.aborted) return;
        console.warn('grid details:', err);
        panel.show(layer, feature.id, () => tileFeatureView(layer, properties), 'error');
      },
    );
  }

  map.on('click', (e) => {
    if (options.paused?.()) return;
    const feature = pickFeature(map, e.point);
    if (feature) open(feature);
    else close();
  });
  map.on('mousemove', (e) => {
    if (options.paused?.()) return; // the drawing tools set their own cursor
    map.getCanvas().style.cursor = pickFeature(map, e.point) ? 'pointer' : '';
  });

  return {
    close,
    /** Asks again for the shown grid's details: what the API tells depends on who is signed in. */
    reload() {
      if (shown && shown.source === 'grid') open(shown);
    },
    /** Closes the panel if it shows a feature of a layer that has just left the map (at sign-out). */
    forgetLayers(gone: (layer: TileLayerName) => boolean) {
      const current = panel.current;
      if (current && gone(current.layer)) close();
    },
  };
}
