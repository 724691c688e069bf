import type * as maplibregl from 'maplibre-gl';
import { createMapOverlay } from '../disasters/map-overlay.ts';
import type { GridState, WarningGrid } from './warning-api.ts';

/** Acknowledged green, silent amber (not due yet), escalated red: shared by the map and the legend. */
export const GRID_STATE_COLOURS: Record<GridState, string> = { acknowledged: '#2e7d32', silent: '#f2a20c', escalated: '#c62828' };

const stateColour = ['match', ['get', 'state'], ...Object.entries(GRID_STATE_COLOURS).flat(), '#7b8794'] as unknown as maplibregl.ExpressionSpecification;

/** A warning's grids on the map. Hooks: style layers `warning-grid-fill` and `warning-grid-line`, feature id the grid id, property `state`. */
export function createWarningLayers(map: maplibregl.Map) {
  const overlay = createMapOverlay(map, 'warning-grids', [
    { id: 'warning-grid-fill', type: 'fill', source: 'warning-grids', paint: { 'fill-color': stateColour, 'fill-opacity': 0.45 } },
    { id: 'warning-grid-line', type: 'line', source: 'warning-grids', paint: { 'line-color': stateColour, 'line-width': 1.5 } },
  ]);
  return {
    show(grids: WarningGrid[]) {
      overlay.set({ type: 'FeatureCollection', features: grids.filter((g) => g.geometry).map((g) => ({
        type: 'Feature', id: g.grid_id, geometry: g.geometry!, properties: { grid_id: g.grid_id, code: g.code, state: g.state },
      })) });
    },
    clear: () => overlay.clear(),
  };
}

export type WarningLayers = ReturnType<typeof createWarningLayers>;
