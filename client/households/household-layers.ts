import type { MapLayerGroup } from '../layers/map-layer-group.ts';

const COLOUR = '#57534e';

/** Households as small dots, from z12 where the server starts sending them. */
export const householdLayers: MapLayerGroup = {
  source: 'household',
  signedInOnly: true,
  layers: [
    {
      slot: 'point',
      spec: {
        id: 'household-circle',
        type: 'circle',
        source: 'household',
        'source-layer': 'household',
        minzoom: 12,
        paint: {
          'circle-color': COLOUR,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 1.6, 16, 4],
          'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#e0115f', '#ffffff'],
          'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 2, 0.5],
        },
      },
    },
  ],
  clickable: [{ layer: 'household-circle', tolerance: 4 }],
  legend: [{ prefix: 'layer', value: 'household', colour: COLOUR, shape: 'circle' }],
};
