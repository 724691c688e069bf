import type { MapLayerGroup } from '../layers/map-layer-group.ts';

const COLOUR = '#0b7f78';

/** The last seven days' patrol tracks, thin so many of them stay legible. */
export const patrolLayers: MapLayerGroup = {
  source: 'patrol',
  signedInOnly: true,
  // A week of every worker's tracks carpets the map at town zoom: shown on request.
  hiddenByDefault: true,
  layers: [
    {
      slot: 'line',
      spec: {
        id: 'patrol-line',
        type: 'line',
        source: 'patrol',
        'source-layer': 'patrol',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#e0115f', COLOUR],
          'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 16, 2.5],
          'line-opacity': 0.8,
        },
      },
    },
  ],
  clickable: [{ layer: 'patrol-line', tolerance: 4 }],
  legend: [{ prefix: 'layer', value: 'patrol', colour: COLOUR, shape: 'line' }],
};
