import type * as maplibregl from 'maplibre-gl';

/** How much closer a click on a cluster brings the map: each zoom halves the cells, so two split most clusters. */
const STEP = 2;

/** A cluster of households, risk points or hazards (the server's tiles mark them with point_count). */
export const isCluster = (feature: maplibregl.MapGeoJSONFeature) => feature.properties.point_count !== undefined;

/** Zooms in on a cluster, centred on it, instead of opening a panel: there is no one feature to show. */
export function zoomIntoCluster(map: maplibregl.Map, feature: maplibregl.MapGeoJSONFeature): void {
  if (feature.geometry.type !== 'Point') return;
  const [lon, lat] = feature.geometry.coordinates;
  map.easeTo({ center: [lon, lat], zoom: Math.min(map.getZoom() + STEP, map.getMaxZoom()) });
}
