import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { labelText, TEXT_FONT } from '../layers/label-text.ts';
import { legendOf, matchColour, type MapLayerGroup } from '../layers/map-layer-group.ts';

/** One colour per grid kind; the fill is semi-transparent so boundaries and points stay readable over it. */
export const GRID_KIND_COLOURS = {
  residential: '#7cc47f',
  compound: '#e98fb0',
  enterprise: '#6f9fd8',
  park: '#a98bd6',
  market: '#f0a95a',
  project: '#c9b04a',
};

const SOURCE = { source: 'grid', 'source-layer': 'grid' } as const;
const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
/** Set by the planner's editor: `marked` for the grids picked for a merge, `editing` for the one being reshaped. */
const marked: ExpressionSpecification = ['boolean', ['feature-state', 'marked'], false];
const editing: ExpressionSpecification = ['boolean', ['feature-state', 'editing'], false];
/** A grid being reshaped fades out, so only its draft is seen; zoom stays the outer expression, as it must. */
const unlessEditing = (value: number): ExpressionSpecification => ['case', editing, 0.05, value];

/** Micro-grids: fill by kind, outline, the selected grid's highlight, and names when zoomed in close. */
export const gridLayers: MapLayerGroup = {
  source: 'grid',
  signedInOnly: false,
  layers: [
    {
      slot: 'fill',
      spec: {
        id: 'grid-fill',
        type: 'fill',
        ...SOURCE,
        // From z8, so a small window fitting the whole county (about z8.5–9.5) still shows the grids.
        minzoom: 8,
        paint: {
          'fill-color': matchColour('kind', GRID_KIND_COLOURS, '#bbbbbb'),
          'fill-opacity': ['interpolate', ['linear'], ['zoom'], 8, unlessEditing(0.3), 14, unlessEditing(0.42)],
        },
      },
    },
    {
      slot: 'outline',
      spec: {
        id: 'grid-line',
        type: 'line',
        ...SOURCE,
        minzoom: 9,
        paint: {
          'line-color': '#4d5b4a',
          'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.2, 12, 0.6, 16, 1.4],
          'line-opacity': ['interpolate', ['linear'], ['zoom'], 9, unlessEditing(0.25), 12, unlessEditing(0.6)],
        },
      },
    },
    {
      // Drawn for every grid but seen only where feature-state says selected: no filter to rewrite on each click.
      slot: 'highlight',
      spec: {
        id: 'grid-selected',
        type: 'line',
        ...SOURCE,
        minzoom: 9,
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': '#e0115f',
          'line-width': ['interpolate', ['linear'], ['zoom'], 9, 2, 15, 4],
          'line-opacity': ['case', selected, 1, 0],
        },
      },
    },
    {
      slot: 'highlight',
      spec: {
        id: 'grid-marked',
        type: 'line',
        ...SOURCE,
        minzoom: 9,
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': '#1f78b4',
          'line-width': ['interpolate', ['linear'], ['zoom'], 9, 2, 15, 4],
          'line-dasharray': [2, 1],
          'line-opacity': ['case', marked, 1, 0],
        },
      },
    },
    {
      slot: 'label',
      spec: {
        id: 'grid-label',
        type: 'symbol',
        ...SOURCE,
        minzoom: 14.5,
        layout: { 'text-field': labelText, 'text-font': TEXT_FONT, 'text-size': 11, 'text-max-width': 7 },
        paint: { 'text-color': '#34402f', 'text-halo-color': 'rgba(255,255,255,0.85)', 'text-halo-width': 1.2 },
      },
    },
  ],
  clickable: [{ layer: 'grid-fill', tolerance: 0 }],
  legend: legendOf('kind', GRID_KIND_COLOURS, 'fill'),
};
