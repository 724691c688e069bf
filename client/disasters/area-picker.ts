// Where a disaster or a warning is: a polygon or a line drawn with terra-draw (the grid editor's drawing tools,
// without snapping), a point put by a click, or an uploaded polygon. Points and lines are previewed with their
// buffer, as the server will grow them.
import { buffer as turfBuffer, featureCollection } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { createGridDraw, type GridDraw } from '../grid-editor/grid-draw.ts';
import type { Crs } from './disaster-api.ts';
import { createMapOverlay } from './map-overlay.ts';

export type AreaMethod = 'polygon' | 'line' | 'point' | 'upload';

export interface PickedArea {
  geometry: Polygon | MultiPolygon | Point | LineString;
  source: 'drawn' | 'uploaded';
  crs: Crs;
}

const ACCENT = '#e0115f';

/**
 * One per map: terra-draw's layers and sources have fixed ids.
 * Hooks: the draft's preview is the map layers `area-draft-fill`, `area-draft-line` and `area-draft-point`.
 * While a method that takes map clicks is on (`capturesClicks`), the feature panel leaves clicks alone.
 */
export function createAreaPicker(map: maplibregl.Map) {
  /** The form now using the picker: the disasters and the warnings tabs share one (terra-draw takes a map once). */
  let onChange: (area: PickedArea | null) => void = () => undefined;
  let method: AreaMethod | null = null;
  let area: PickedArea | null = null;
  let bufferM = 0;
  let draw: GridDraw | null = null;

  const preview = createMapOverlay(map, 'area-draft', [
    { id: 'area-draft-fill', type: 'fill', source: 'area-draft', filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': ACCENT, 'fill-opacity': 0.12 } },
    { id: 'area-draft-line', type: 'line', source: 'area-draft', paint: { 'line-color': ACCENT, 'line-width': 2, 'line-dasharray': [2, 1] } },
    { id: 'area-draft-point', type: 'circle', source: 'area-draft', filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 6, 'circle-color': ACCENT, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
  ]);

  function showPreview() {
    const features: Feature[] = [];
    const g = area?.geometry;
    // terra-draw draws its own polygon and line; the preview adds the buffer and the clicked point, and uploads.
    if (g && (g.type === 'Point' || g.type === 'LineString')) {
      if (g.type === 'Point') features.push({ type: 'Feature', geometry: g, properties: {} });
      if (bufferM > 0) {
        const grown = turfBuffer({ type: 'Feature', geometry: g, properties: {} }, bufferM, { units: 'meters' });
        if (grown) features.push(grown);
      }
    } else if (g && area?.source === 'uploaded') {
      features.push({ type: 'Feature', geometry: g, properties: {} });
    }
    preview.set(featureCollection(features) as FeatureCollection);
  }

  function set(next: PickedArea | null) {
    area = next;
    showPreview();
    onChange(area);
  }

  function ensureDraw(): GridDraw {
    if (draw) return draw;
    draw = createGridDraw(map, () => undefined);
    draw.onChange((geometry, finished) => {
      if (method !== 'polygon' && method !== 'line') return;
      const wanted = method === 'polygon' ? 'Polygon' : 'LineString';
      set(finished && geometry?.type === wanted ? { geometry, source: 'drawn', crs: 'wgs84' } : null);
    });
    return draw;
  }

  const onClick = (e: maplibregl.MapMouseEvent) => {
    if (method !== 'point') return;
    set({ geometry: { type: 'Point', coordinates: [e.lngLat.lng, e.lngLat.lat] }, source: 'drawn', crs: 'wgs84' });
  };
  map.on('click', onClick);

  return {
    /** Starts picking afresh with a method; what was picked before is dropped. */
    start(next: AreaMethod) {
      method = next;
      draw?.stop();
      if (next === 'polygon') ensureDraw().drawPolygon();
      if (next === 'line') ensureDraw().drawLine();
      set(null);
    },
    /** An uploaded polygon, in the CRS the user chose. */
    setUpload(geometry: Polygon | MultiPolygon, crs: Crs) {
      method = 'upload';
      draw?.stop();
      set({ geometry, source: 'uploaded', crs });
    },
    setCrs(crs: Crs) {
      if (area?.source === 'uploaded') set({ ...area, crs });
    },
    setBuffer(metres: number) {
      bufferM = Number.isFinite(metres) && metres > 0 ? metres : 0;
      showPreview();
    },
    /** No draft, no tool: map clicks are the map's again. */
    stop() {
      method = null;
      draw?.stop();
      area = null;
      preview.clear();
    },
    /** Who hears of what is picked from now on (the form on screen). */
    listen(listener: (area: PickedArea | null) => void) {
      onChange = listener;
    },
    get method() {
      return method;
    },
    get area() {
      return area;
    },
    get capturesClicks(): boolean {
      return method === 'polygon' || method === 'line' || method === 'point';
    },
  };
}

export type AreaPicker = ReturnType<typeof createAreaPicker>;
