import type { LineString, Polygon, Position } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

/** terra-draw refuses coordinates with more decimals than its precision (9, about 0.1 mm). */
const PRECISION = 1e9;
export const roundPosition = (p: Position): Position => [Math.round(p[0] * PRECISION) / PRECISION, Math.round(p[1] * PRECISION) / PRECISION];

const ACCENT = '#5b3f8c';
const DRAFT_STYLE = {
  fillColor: ACCENT, fillOpacity: 0.18, outlineColor: ACCENT, outlineWidth: 2,
  closingPointColor: '#ffffff', closingPointOutlineColor: ACCENT, closingPointWidth: 5, closingPointOutlineWidth: 2,
  snappingPointColor: '#ffb300', snappingPointWidth: 5, snappingPointOutlineColor: '#ffffff', snappingPointOutlineWidth: 1,
} as const;
const LINE_STYLE = { lineStringColor: '#e0115f', lineStringWidth: 3, closingPointColor: '#ffffff', closingPointOutlineColor: '#e0115f' } as const;
const SELECT_STYLE = {
  selectedPolygonColor: ACCENT, selectedPolygonFillOpacity: 0.18, selectedPolygonOutlineColor: ACCENT, selectedPolygonOutlineWidth: 2,
  selectedLineStringColor: '#e0115f', selectedLineStringWidth: 3,
  selectionPointColor: '#ffffff', selectionPointOutlineColor: ACCENT, selectionPointWidth: 5, selectionPointOutlineWidth: 2,
  midPointColor: ACCENT, midPointOutlineColor: '#ffffff', midPointWidth: 3, midPointOutlineWidth: 1,
} as const;

export type DraftGeometry = Polygon | LineString;

/**
 * The drawing tools on the map, through terra-draw and its MapLibre adapter: a polygon for a new grid, a line to
 * split one, and the select mode to move, add (drag a midpoint) and delete (right-click) vertices of either. Every
 * new or dragged vertex goes through `snap`. Only one draft exists at a time; once finished it stays selected, so
 * it can be corrected before saving.
 */
export function createGridDraw(map: maplibregl.Map, snap: SnapToCustom) {
  const snapping = { toCustom: snap };
  const editable = {
    feature: {
      draggable: false,
      coordinates: { draggable: true, midpoints: { draggable: true }, deletable: true, snappable: snapping },
    },
  };
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [
      // 20 px rather than 40 to close the ring or finish the line: vertices of small grids are close together.
      new TerraDrawPolygonMode({ snapping, pointerDistance: 20, styles: DRAFT_STYLE }),
      new TerraDrawLineStringMode({ snapping, pointerDistance: 20, styles: LINE_STYLE }),
      new TerraDrawSelectMode({
        flags: { polygon: editable, linestring: editable },
        // The draft is the only feature: it is selected by the editor, never dropped by a stray click or key.
        allowManualDeselection: false,
        keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
        styles: SELECT_STYLE,
      }),
    ],
  });

  let finished = false;
  const listeners = new Set<(geometry: DraftGeometry | null, finished: boolean) => void>();

  const draft = (): GeoJSONStoreFeatures | undefined =>
    draw.getSnapshot().find((f) => (f.properties.mode === 'polygon' && f.geometry.type === 'Polygon')
      || (f.properties.mode === 'linestring' && f.geometry.type === 'LineString'));

  const geometry = (): DraftGeometry | null => {
    const g = draft()?.geometry;
    return g && (g.type === 'Polygon' || g.type === 'LineString') ? structuredClone(g) : null;
  };

  const notify = () => {
    const g = geometry();
    for (const l of listeners) l(g, finished);
  };

  draw.on('change', (_ids, type) => {
    if (type !== 'styling') notify();
  });
  draw.on('finish', (id, context) => {
    if (context.mode !== 'polygon' && context.mode !== 'linestring') return;
    finished = true;
    draw.selectFeature(id);
    notify();
  });

  function reset(mode: string) {
    if (!draw.enabled) draw.start();
    draw.setMode('static');
    draw.clear();
    finished = false;
    draw.setMode(mode);
    notify();
  }

  return {
    /** Starts a new grid: clicks add vertices, clicking the first (or last) vertex again closes the ring. */
    drawPolygon: () => reset('polygon'),
    /** Starts a split line: clicks add vertices, clicking the last vertex again finishes it. */
    drawLine: () => reset('linestring'),
    /** Puts an existing grid's boundary up for editing. False for a ring with holes, which terra-draw cannot edit. */
    editPolygon(polygon: Polygon): boolean {
      if (polygon.coordinates.length !== 1) return false;
      reset('static');
      const [result] = draw.addFeatures([{
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [polygon.coordinates[0].map(roundPosition)] },
        properties: { mode: 'polygon' },
      }]);
      if (!result?.valid || result.id === undefined) {
        console.warn('grid draw:', result?.reason);
        return false;
      }
      finished = true;
      draw.selectFeature(result.id);
      notify();
      return true;
    },
    /** No draft and no tool: the map's clicks are the map's again. */
    stop() {
      if (!draw.enabled) return;
      draw.setMode('static');
      draw.clear();
      finished = false;
      notify();
    },
    /** Removes terra-draw's layers and listeners (at sign-out). */
    destroy() {
      if (draw.enabled) draw.stop();
    },
    geometry,
    get finished() {
      return finished;
    },
    onChange(listener: (geometry: DraftGeometry | null, finished: boolean) => void) {
      listeners.add(listener);
    },
  };
}

export type GridDraw = ReturnType<typeof createGridDraw>;
