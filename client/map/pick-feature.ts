import type * as maplibregl from 'maplibre-gl';
import { clickOrder } from '../layers/layer-catalog.ts';

/**
 * The feature a click at `point` means: the first clickable layer in click order with something drawn there.
 * Small dots and thin lines get a few pixels of slack; polygons are hit exactly, so a click near a grid's edge
 * still picks the grid it is in.
 */
export function pickFeature(map: maplibregl.Map, point: maplibregl.Point): maplibregl.MapGeoJSONFeature | undefined {
  for (const { layer, tolerance } of clickOrder) {
    if (!map.getLayer(layer) || map.getLayoutProperty(layer, 'visibility') === 'none') continue;
    const box: [maplibregl.PointLike, maplibregl.PointLike] = [
      [point.x - tolerance, point.y - tolerance],
      [point.x + tolerance, point.y + tolerance],
    ];
    const [feature] = map.queryRenderedFeatures(tolerance > 0 ? box : point, { layers: [layer] });
    if (feature) return feature;
  }
  return undefined;
}
