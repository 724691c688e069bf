import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { clusterLayers, notClusterExpr } from '../layers/cluster-style.ts';
import { legendOf, matchColour, type MapLayerGroup } from '../layers/map-layer-group.ts';

export const HAZARD_SEVERITY_COLOURS = { minor: '#f2c230', general: '#ee6b1f', major: '#9d0b28' };

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
/** The server fills closed_at only when a hazard is closed; open ones are what needs attention. */
const closed: ExpressionSpecification = ['has', 'closed_at'];
const severityColour = matchColour('severity', HAZARD_SEVERITY_COLOURS, '#888888');

/**
 * Hazards: open ones filled in their severity colour, closed ones as hollow rings underneath. Below z12 the server
 * clusters them; as closed hazards only show close up, a cluster is drawn only if it holds open ones, with their
 * number, in the colour of the gravest open one (top_severity); a click zooms in.
 */
export const hazardLayers: MapLayerGroup = {
  source: 'hazard',
  signedInOnly: true,
  layers: [
    {
      slot: 'point',
      spec: {
        id: 'hazard-circle',
        type: 'circle',
        source: 'hazard',
        'source-layer': 'hazard',
        // Closed hazards only close up (zoom in filters is evaluated at whole zooms): the county view shows what is open.
        filter: ['all', notClusterExpr, ['any', ['!', closed], ['>=', ['zoom'], 12]]],
        layout: { 'circle-sort-key': ['case', closed, 0, ['match', ['get', 'severity'], 'major', 3, 'general', 2, 1]] },
        paint: {
          'circle-color': ['case', closed, '#ffffff', severityColour],
          'circle-opacity': ['case', closed, 0.6, 1],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 3, 15, 7],
          'circle-stroke-color': ['case', selected, '#111111', closed, severityColour, '#2b1a14'],
          'circle-stroke-width': ['case', selected, 2.5, closed, 1.5, 1],
        },
      },
    },
    ...clusterLayers({
      source: 'hazard',
      colour: matchColour('top_severity', HAZARD_SEVERITY_COLOURS, '#888888'),
      count: ['get', 'open'],
      filter: ['>', ['get', 'open'], 0],
      badge: [14, -12], // up right of the households' cluster; risk points go up left
    }),
  ],
  clickable: [{ layer: 'hazard-circle', tolerance: 4 }, { layer: 'hazard-cluster', tolerance: 0 }],
  legend: [
    ...legendOf('severity', HAZARD_SEVERITY_COLOURS, 'circle'),
    { prefix: 'legend', value: 'closed', colour: HAZARD_SEVERITY_COLOURS.general, shape: 'ring' },
    { prefix: 'legend', value: 'clusterOpen', colour: HAZARD_SEVERITY_COLOURS.general, shape: 'circle' },
  ],
};
