import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { legendOf, matchColour, type MapLayerGroup } from '../layers/map-layer-group.ts';

/** The four-colour risk scale used on Chinese safety maps: blue, yellow, orange, red. */
export const RISK_LEVEL_COLOURS = { low: '#2f6fde', medium: '#e3b505', high: '#f07a1a', major: '#d7191c' };

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const level = ['get', 'level'] as ExpressionSpecification;

/** Risk points coloured by level; the graver the level, the larger the dot and the later it is drawn. */
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
        // Low and medium risks join from z11, so the county view shows the points that matter most.
        filter: ['any', ['match', level, ['high', 'major'], true, false], ['>=', ['zoom'], 11]],
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
  ],
  clickable: [{ layer: 'risk-point-circle', tolerance: 4 }],
  legend: legendOf('riskLevel', RISK_LEVEL_COLOURS, 'circle'),
};
