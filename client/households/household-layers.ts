import type { MapLayerGroup } from '../layers/map-layer-group.ts';
import { clusterLayers, notClusterExpr } from '../layers/cluster-style.ts';

const COLOUR = '#57534e';

/**
 * Households: below z14 the server sends them clustered (a circle with the count, a click zooms in), and a lone
 * household, or all of them from z14, as small dots.
 */
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
        filter: notClusterExpr,
        paint: {
          'circle-color': COLOUR,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 1.6, 16, 4],
          'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#e0115f', '#ffffff'],
          'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 2, 0.5],
        },
      },
    },
    ...clusterLayers({ source: 'household', colour: COLOUR }),
  ],
  clickable: [{ layer: 'household-circle', tolerance: 4 }, { layer: 'household-cluster', tolerance: 0 }],
  legend: [{ prefix: 'layer', value: 'household', colour: COLOUR, shape: 'circle' }],
};
