// The coverage on the map: each grid of the grid tiles filled by its coverage (feature-state, so no tile is fetched
// again and the grid layer's own styling is untouched), the overdue risk points ringed on the risk point tiles, and
// the parts nobody walked lately hatched from a GeoJSON source.
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection, Geometry } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { hatchPattern } from './hatch-pattern.ts';

export const COVERAGE_LAYERS = {
  fill: 'coverage-fill',
  overdue: 'coverage-overdue-ring',
  gapFill: 'coverage-gap-fill',
  gapLine: 'coverage-gap-line',
} as const;
const GAP_SOURCE = 'coverage-gaps';
const HATCH = 'coverage-gap-hatch';
const GRID = { source: 'grid', sourceLayer: 'grid' };
const RISK = { source: 'risk_point', sourceLayer: 'risk_point' };

/** Red (nobody) to green (all of it): the stops of the choropleth and of its legend, in percent. */
export const COVERAGE_STOPS: [number, string][] = [[0, '#d7191c'], [25, '#fdae61'], [50, '#ffffbf'], [75, '#a6d96a'], [100, '#1a9641']];

const coverage: ExpressionSpecification = ['coalesce', ['feature-state', 'coverage'], -1];

/** The first of these on the map, to slip our layers under (labels and outlines stay on top). */
const under = (map: maplibregl.Map, ids: string[]) => ids.find((id) => map.getLayer(id));

export function createCoverageLayers(map: maplibregl.Map) {
  let grids: number[] = [];
  let overdue: number[] = [];

  function ensure() {
    if (map.getSource(GRID.source) && !map.getLayer(COVERAGE_LAYERS.fill)) {
      map.addLayer({
        id: COVERAGE_LAYERS.fill,
        type: 'fill',
        source: GRID.source,
        'source-layer': GRID.sourceLayer,
        paint: {
          'fill-color': ['interpolate', ['linear'], coverage, ...COVERAGE_STOPS.flat()] as ExpressionSpecification,
          // Grids outside the answer keep their own colours.
          'fill-opacity': ['case', ['<', coverage, 0], 0, 0.72],
        },
      }, under(map, ['grid-line', 'grid-selected', 'grid-label']));
    }
    if (!map.getSource(GAP_SOURCE)) {
      if (!map.hasImage(HATCH)) map.addImage(HATCH, hatchPattern('#5b2a86'));
      map.addSource(GAP_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      const before = under(map, ['grid-label', 'risk-point-circle', 'hazard-circle']);
      map.addLayer({ id: COVERAGE_LAYERS.gapFill, type: 'fill', source: GAP_SOURCE, paint: { 'fill-pattern': HATCH } }, before);
      map.addLayer({
        id: COVERAGE_LAYERS.gapLine, type: 'line', source: GAP_SOURCE,
        paint: { 'line-color': '#5b2a86', 'line-width': 0.8, 'line-opacity': 0.7 },
      }, before);
    }
    if (map.getSource(RISK.source) && !map.getLayer(COVERAGE_LAYERS.overdue)) {
      map.addLayer({
        id: COVERAGE_LAYERS.overdue,
        type: 'circle',
        source: RISK.source,
        'source-layer': RISK.sourceLayer,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 6, 16, 12],
          'circle-color': 'rgba(0,0,0,0)',
          'circle-stroke-color': '#d7191c',
          'circle-stroke-width': 3,
          'circle-stroke-opacity': ['case', ['boolean', ['feature-state', 'overdue'], false], 1, 0],
        },
      });
    }
  }

  function clearStates() {
    for (const id of grids) if (map.getSource(GRID.source)) map.removeFeatureState({ ...GRID, id }, 'coverage');
    for (const id of overdue) if (map.getSource(RISK.source)) map.removeFeatureState({ ...RISK, id }, 'overdue');
    grids = [];
    overdue = [];
  }

  return {
    /** Each grid's coverage in percent, and the overdue risk points' ids. */
    showCoverage(byGrid: { grid_id: number; coverage_pct: number }[], overdueIds: number[]) {
      ensure();
      clearStates();
      if (map.getSource(GRID.source)) {
        for (const g of byGrid) map.setFeatureState({ ...GRID, id: g.grid_id }, { coverage: Number(g.coverage_pct) });
        grids = byGrid.map((g) => g.grid_id);
      }
      if (map.getSource(RISK.source)) {
        for (const id of overdueIds) map.setFeatureState({ ...RISK, id }, { overdue: true });
        overdue = overdueIds;
      }
    },
    showGaps(gaps: FeatureCollection<Geometry> | null) {
      ensure();
      (map.getSource(GAP_SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData(gaps ?? { type: 'FeatureCollection', features: [] });
    },
    /**
     * Everything off the map. Must run before the risk point tiles leave at sign-out: a source with a layer of ours
     * on it cannot be removed.
     */
    remove() {
      clearStates();
      for (const id of Object.values(COVERAGE_LAYERS)) if (map.getLayer(id)) map.removeLayer(id);
      if (map.getSource(GAP_SOURCE)) map.removeSource(GAP_SOURCE);
    },
  };
}

export type CoverageLayers = ReturnType<typeof createCoverageLayers>;
