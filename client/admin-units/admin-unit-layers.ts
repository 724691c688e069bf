import type { ExpressionSpecification, SymbolLayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { labelText, TEXT_FONT } from '../layers/label-text.ts';
import { legendOf, matchColour, type MapLayerGroup, type StyleLayer } from '../layers/map-layer-group.ts';

const level = ['get', 'level'] as ExpressionSpecification;
const SOURCE = { source: 'admin_unit', 'source-layer': 'admin_unit' } as const;

/** Boundary colour per level, darker the higher the level. */
const LINE_COLOURS = { county: '#5b3f8c', township: '#7a5fae', village: '#9b8bbd', group: '#b7acd0' };

/** Each level's labels from the zoom where they stop crowding each other: townships first, groups last. */
const LABELS: { level: string; minzoom: number; maxzoom: number; size: [number, number] }[] = [
  { level: 'county', minzoom: 0, maxzoom: 8.5, size: [16, 18] },
  { level: 'township', minzoom: 7.5, maxzoom: 13, size: [14, 16] },
  { level: 'village', minzoom: 11, maxzoom: 15, size: [12, 14] },
  { level: 'group', minzoom: 13, maxzoom: 24, size: [11, 13] },
];

const label = (l: (typeof LABELS)[number]): StyleLayer => ({
  slot: 'label',
  spec: {
    id: `admin-unit-label-${l.level}`,
    type: 'symbol',
    ...SOURCE,
    minzoom: l.minzoom,
    maxzoom: l.maxzoom,
    // The label points the tiles carry, one per unit; the polygons would repeat a name in every tile it crosses.
    filter: ['all', ['==', ['geometry-type'], 'Point'], ['==', level, l.level]],
    layout: {
      'text-field': labelText,
      'text-font': TEXT_FONT,
      'text-size': ['interpolate', ['linear'], ['zoom'], l.minzoom, l.size[0], l.minzoom + 3, l.size[1]],
      'text-max-width': 8,
      'text-padding': 4,
      'symbol-sort-key': ['-', ['get', 'population']],
    },
    paint: {
      'text-color': l.level === 'group' ? '#6b5a86' : '#3b2a5c',
      'text-halo-color': 'rgba(255,255,255,0.9)',
      'text-halo-width': 1.5,
    },
  } satisfies SymbolLayerSpecification,
});

/** County, township, village and group boundaries, thicker the higher the level, with their names. */
export const adminUnitLayers: MapLayerGroup = {
  source: 'admin_unit',
  signedInOnly: false,
  layers: [
    {
      // The county's land, so its outline reads against the plain background without any basemap.
      slot: 'base',
      spec: { id: 'admin-unit-county-fill', type: 'fill', ...SOURCE, filter: ['==', level, 'county'], paint: { 'fill-color': '#f7f5ee' } },
    },
    {
      slot: 'line',
      spec: {
        id: 'admin-unit-line',
        type: 'line',
        ...SOURCE,
        layout: {
          'line-join': 'round',
          'line-sort-key': ['match', level, 'county', 4, 'township', 3, 'village', 2, 1],
        },
        paint: {
          'line-color': matchColour('level', LINE_COLOURS, LINE_COLOURS.group),
          'line-width': [
            'interpolate', ['linear'], ['zoom'],
            8, ['match', level, 'county', 2.5, 'township', 1.4, 'village', 0.6, 0.4],
            14, ['match', level, 'county', 5, 'township', 3, 'village', 1.8, 1],
          ],
          // Villages fade in after the townships, groups (sent from z11) after the villages.
          'line-opacity': [
            'interpolate', ['linear'], ['zoom'],
            9, ['match', level, 'village', 0, 'group', 0, 1],
            10.5, ['match', level, 'group', 0, 1],
            12.5, 1,
          ],
        },
      },
    },
    ...LABELS.map(label),
  ],
  clickable: LABELS.map((l) => ({ layer: `admin-unit-label-${l.level}`, tolerance: 4 })),
  legend: legendOf('level', LINE_COLOURS, 'line'),
};
