import type * as maplibregl from 'maplibre-gl';

interface Target {
  source: string;
  sourceLayer?: string;
  id: string | number;
}

/**
 * The one selected feature, marked with feature-state `selected` so the layers that care (grid-selected, the point
 * strokes) draw it without any filter being rewritten.
 */
export function createFeatureSelection(map: maplibregl.Map) {
  let current: Target | null = null;

  const clear = () => {
    // Its source may have gone at sign-out, taking the state with it.
    if (current && map.getSource(current.source)) map.setFeatureState(current, { selected: false });
    current = null;
  };

  return {
    select(feature: maplibregl.MapGeoJSONFeature) {
      clear();
      if (feature.id === undefined) return;
      current = { source: feature.source, sourceLayer: feature.sourceLayer, id: feature.id };
      map.setFeatureState(current, { selected: true });
    },
    clear,
  };
}
