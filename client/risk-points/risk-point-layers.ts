import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { clusterLayers, notClusterExpr } from '../layers/cluster-style.ts';
import { legendOf, matchColour, type MapLayerGroup } from '../layers/map-layer-group.ts';

/** The four-colour risk scale used on Chinese safety maps: blue, yellow, orange, red. */
export const RISK_LEVEL_COLOURS = { low: '#2f6fde', medium: '#e3b505', high: '#f07a1a', major: '#d7191c' };

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const level = ['get', 'level'] as ExpressionSpecification;

/**
 * Risk points coloured by level; the graver the level, the larger the dot and the later it is drawn. Below z12 the
 * server clusters them: a circle with the count in the colour of the gravest level it holds (top_level), a click
 * zooms in. Clustering is what keeps the county view readable, so every level is drawn at every zoom.
 */
export const riskPointLayers: MapLayerGroup = {
  source: 'risk_point',
  signedInOnly: true,
  layers: [
    {
      slot: 'point',
      spec: {
        id: 'risk-point-circle',
        type: 'circle',
        source: 'risk_point',
        'source-layer': 'risk_point',
        filter: notClusterExpr,
        layout: { 'circle-sort-key': ['match', level, 'major', 4, 'high', 3, 'medium', 2, 1] },
        paint: {
          'circle-color': matchColour('level', RISK_LEVEL_COLOURS, '#888888'),
          'circle-radius': [
            'interpolate', ['linear'], ['zoom'],
            9, ['match', level, 'major', 4.5, 'high', 3.5, 2.5],
            15, ['match', level, 'major', 9, 'high', 7.5, 6],
          ],
          'circle-stroke-color': ['case', selected, '#111111', '#ffffff'],
          'circle-stroke-width': ['case', selected, 2.5, 1],
        },
      },
    },
    ...clusterLayers({
      source: 'risk_point',
      colour: matchColour('top_level', RISK_LEVEL_COLOURS, '#888888'),
      badge: [-14, -12], // up left of the households' cluster; hazards go up right
    }),
  ],
  clickable: [{ layer: 'risk-point-circle', tolerance: 4 }, { layer: 'risk-point-cluster', tolerance: 0 }],
  legend: [
    ...legendOf('riskLevel', RISK_LEVEL_COLOURS, 'circle'),
    { prefix: 'legend', value: 'cluster', colour: RISK_LEVEL_COLOURS.high, shape: 'circle' },
  ],
};
