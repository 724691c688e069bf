import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type * as maplibregl from 'maplibre-gl';

export const PROBLEM_SOURCE = 'editor-problems';
export const PARENT_SOURCE = 'editor-parent';
export const PREVIEW_SOURCE = 'editor-preview';

/** Style layer ids, for tests: what is wrong (red), the parent group's outline, a history version's outline. */
export const EDITOR_LAYERS = {
  problemFill: 'editor-problem-fill',
  problemLine: 'editor-problem-line',
  problemPoint: 'editor-problem-point',
  parentLine: 'editor-parent-line',
  previewLine: 'editor-preview-line',
} as const;

const RED = '#d7191c';
const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** One red mark: a problem found while drawing (`kind`) or the place a 422 answer named (`kind` = its code). */
export interface Mark {
  geometry: Geometry;
  kind: string;
}

/**
 * The editor's own GeoJSON layers over the grid tiles: problems in red (areas filled, crossings as dots), the
 * parent group's boundary dashed, and the outline of a history version being looked at. Added once the style has
 * loaded and kept until sign-out.
 */
export function createEditorLayers(map: maplibregl.Map) {
  const setData = (source: string, features: Feature[]) =>
    (map.getSource(source) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });

  function add() {
    if (map.getSource(PROBLEM_SOURCE)) return;
    for (const id of [PROBLEM_SOURCE, PARENT_SOURCE, PREVIEW_SOURCE]) map.addSource(id, { type: 'geojson', data: empty });
    map.addLayer({
      id: EDITOR_LAYERS.parentLine,
      type: 'line',
      source: PARENT_SOURCE,
      paint: { 'line-color': '#5b3f8c', 'line-width': 2, 'line-dasharray': [3, 2], 'line-opacity': 0.9 },
    });
    map.addLayer({
      id: EDITOR_LAYERS.previewLine,
      type: 'line',
      source: PREVIEW_SOURCE,
      paint: { 'line-color': '#1f78b4', 'line-width': 3, 'line-dasharray': [2, 1.5] },
    });
    map.addLayer({
      id: EDITOR_LAYERS.problemFill,
      type: 'fill',
      source: PROBLEM_SOURCE,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': RED, 'fill-opacity': 0.45 },
    });
    map.addLayer({
      id: EDITOR_LAYERS.problemLine,
      type: 'line',
      source: PROBLEM_SOURCE,
      filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'LineString']]],
      paint: { 'line-color': RED, 'line-width': 2.5 },
    });
    map.addLayer({
      id: EDITOR_LAYERS.problemPoint,
      type: 'circle',
      source: PROBLEM_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-color': RED, 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    });
  }

  function remove() {
    for (const id of Object.values(EDITOR_LAYERS)) if (map.getLayer(id)) map.removeLayer(id);
    for (const id of [PROBLEM_SOURCE, PARENT_SOURCE, PREVIEW_SOURCE]) if (map.getSource(id)) map.removeSource(id);
  }

  return {
    add,
    remove,
    showProblems(marks: readonly Mark[]) {
      setData(PROBLEM_SOURCE, marks.map(({ geometry, kind }) => ({ type: 'Feature', geometry, properties: { kind } })));
    },
    showParent(geometry: Geometry | null) {
      setData(PARENT_SOURCE, geometry ? [{ type: 'Feature', geometry, properties: {} }] : []);
    },
    showPreview(geometry: Geometry | null) {
      setData(PREVIEW_SOURCE, geometry ? [{ type: 'Feature', geometry, properties: {} }] : []);
    },
  };
}

export type EditorLayers = ReturnType<typeof createEditorLayers>;
