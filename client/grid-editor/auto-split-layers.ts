import type * as maplibregl from 'maplibre-gl';
import { TEXT_FONT } from '../layers/label-text.ts';
import type { Polygon } from 'geojson';

export const PROPOSAL_SOURCE = 'auto-split-proposals';
export const PROPOSAL_LAYERS = {
  fill: 'auto-split-fill',
  line: 'auto-split-line',
  label: 'auto-split-label',
} as const;

/** Neighbouring proposals get different colours by their index; eight are enough to tell them apart. */
const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4'];
const RED = '#d7191c';

/** One proposal as drawn: `label` in the current language, `flagged` when its households are out of range. */
export interface ProposalShape {
  geometry: Polygon;
  index: number;
  label: string;
  flagged: boolean;
  /** Being reshaped: terra-draw draws it too, so it is only outlined here. */
  selected: boolean;
}

/**
 * An auto-split preview on the map: each proposed grid filled in its own colour, outlined, and labelled with its
 * household count (`label`, written by the caller in the current language); one with too few or too many
 * households is red. Nothing is saved until accepted.
 */
export function createAutoSplitLayers(map: maplibregl.Map) {
  function add() {
    if (map.getSource(PROPOSAL_SOURCE)) return;
    map.addSource(PROPOSAL_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    const colour = ['case', ['get', 'flagged'], RED, ['to-color', ['at', ['%', ['get', 'index'], PALETTE.length], ['literal', PALETTE]]]];
    map.addLayer({
      id: PROPOSAL_LAYERS.fill,
      type: 'fill',
      source: PROPOSAL_SOURCE,
      paint: { 'fill-color': colour as never, 'fill-opacity': ['case', ['get', 'selected'], 0.15, ['get', 'flagged'], 0.5, 0.4] },
    });
    map.addLayer({
      id: PROPOSAL_LAYERS.line,
      type: 'line',
      source: PROPOSAL_SOURCE,
      paint: {
        'line-color': ['case', ['get', 'flagged'], RED, '#222222'],
        'line-width': ['case', ['get', 'flagged'], 2.5, 1.5],
        'line-dasharray': [2, 1],
      },
    });
    map.addLayer({
      id: PROPOSAL_LAYERS.label,
      type: 'symbol',
      source: PROPOSAL_SOURCE,
      layout: { 'text-field': ['get', 'label'], 'text-font': TEXT_FONT, 'text-size': 13, 'text-allow-overlap': true },
      paint: { 'text-color': ['case', ['get', 'flagged'], RED, '#111111'], 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    });
  }

  function remove() {
    for (const id of Object.values(PROPOSAL_LAYERS)) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(PROPOSAL_SOURCE)) map.removeSource(PROPOSAL_SOURCE);
  }

  return {
    add,
    remove,
    show(shapes: readonly ProposalShape[] | null) {
      const features = (shapes ?? []).map(({ geometry, ...properties }) => ({ type: 'Feature' as const, geometry, properties }));
      (map.getSource(PROPOSAL_SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
    },
  };
}

export type AutoSplitLayers = ReturnType<typeof createAutoSplitLayers>;
