import type { Feature, Geometry, Position } from 'geojson';
import type * as maplibregl from 'maplibre-gl';

const SOURCE = 'dashboard-unit';
/** The outline of the unit the dashboard shows: a white casing under a purple line, above every tile layer. */
export const UNIT_OUTLINE_LAYERS = ['dashboard-unit-casing', 'dashboard-unit-line'] as const;

function extent(geometry: Geometry): [number, number, number, number] | null {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (typeof (c as Position)[0] === 'number') {
      const [x, y] = c as Position;
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    } else for (const inner of c as unknown[]) walk(inner);
  };
  if (geometry.type === 'GeometryCollection') geometry.geometries.forEach((g) => walk('coordinates' in g ? g.coordinates : []));
  else walk(geometry.coordinates);
  return box[0] <= box[2] ? box : null;
}

/**
 * Map padding that keeps a fitted unit clear of the cards over the map (layer list and hot spots on the left, the
 * sign-in box on the right), shrunk when the map is too narrow for all of it.
 */
function padding(map: maplibregl.Map) {
  const { width, height } = map.getContainer().getBoundingClientRect();
  const side = (want: number) => Math.max(20, Math.min(want, (width - 240) / 2));
  return { left: side(230), right: side(270), top: Math.min(60, height / 6), bottom: Math.min(40, height / 6) };
}

/** Outlines a unit (or nothing, with null) and fits the map to it. */
export function showUnitOutline(map: maplibregl.Map, unit: Feature<Geometry> | null, fly = true): void {
  const data = { type: 'FeatureCollection' as const, features: unit ? [unit] : [] };
  const source = map.getSource<maplibregl.GeoJSONSource>(SOURCE);
  if (source) source.setData(data);
  else {
    map.addSource(SOURCE, { type: 'geojson', data });
    map.addLayer({ id: UNIT_OUTLINE_LAYERS[0], type: 'line', source: SOURCE, paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.9 } });
    map.addLayer({ id: UNIT_OUTLINE_LAYERS[1], type: 'line', source: SOURCE, paint: { 'line-color': '#5b3f8c', 'line-width': 2.5 } });
  }
  const box = unit && extent(unit.geometry);
  if (fly && box) map.fitBounds(box, { padding: padding(map), maxZoom: 16, duration: 800 });
}
