import { legendOf, matchColour, type MapLayerGroup } from '../layers/map-layer-group.ts';

/** 红橙黄蓝: the colours of the four-colour risk map; the rule that picks them is the server's (view grid_risk). */
export const RISK_MAP_COLOURS = { red: '#d7191c', orange: '#f07a1a', yellow: '#f2c500', blue: '#2f6fde' };

/** Each micro-grid filled with its risk colour. It covers the kind colours, so it waits to be asked for. */
export const gridRiskLayers: MapLayerGroup = {
  source: 'grid_risk',
  signedInOnly: true,
  hiddenByDefault: true,
  layers: [
    {
      slot: 'fill',
      spec: {
        id: 'grid-risk-fill',
        type: 'fill',
        source: 'grid_risk',
        'source-layer': 'grid_risk',
        paint: { 'fill-color': matchColour('colour', RISK_MAP_COLOURS, '#bbbbbb'), 'fill-opacity': 0.55 },
      },
    },
  ],
  // Clicks go through to the grid underneath, whose panel says more.
  clickable: [],
  legend: legendOf('riskColour', RISK_MAP_COLOURS, 'fill'),
};
