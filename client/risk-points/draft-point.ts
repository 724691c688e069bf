import type { Feature } from 'geojson';
import type * as maplibregl from 'maplibre-gl';

const SOURCE = 'risk-point-draft';
/** The spot of a risk point being registered, drawn above everything while the form is open. */
export const DRAFT_LAYER = 'risk-point-draft-point';

/** Draws the spot (in the colour of the level chosen so far), moves it, or removes it when `at` is null. */
export function drawDraftPoint(map: maplibregl.Map, at: [number, number] | null, colour: string): void {
  const source = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined;
  if (!at) {
    if (map.getLayer(DRAFT_LAYER)) map.removeLayer(DRAFT_LAYER);
    if (source) map.removeSource(SOURCE);
    return;
  }
  const data: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } };
  if (source) source.setData(data);
  else {
    map.addSource(SOURCE, { type: 'geojson', data });
    map.addLayer({
      id: DRAFT_LAYER,
      type: 'circle',
      source: SOURCE,
      paint: { 'circle-radius': 8, 'circle-color': colour, 'circle-stroke-color': '#111111', 'circle-stroke-width': 2.5 },
    });
  }
  map.setPaintProperty(DRAFT_LAYER, 'circle-color', colour);
}
