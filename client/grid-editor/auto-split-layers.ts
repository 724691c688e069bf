import type * as maplibregl from 'maplibre-gl';
import { TEXT_FONT } from '../layers/label-text.ts';
import type { Proposals } from './grid-edit-api.ts';

export const PROPOSAL_SOURCE = 'auto-split-proposals';
export const PROPOSAL_LAYERS = {
  fill: 'auto-split-fill',
  line: 'auto-split-line',
  label: 'auto-split-label',
} as const;

/** Neighbouring proposals get different colours by their index; eight are enough to tell them apart. */
const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4'];

/**
 * An auto-split preview on the map: each proposed grid filled in its own colour, outlined, and labelled with its
 * household count (`label`, written by the caller in the current language). Nothing is saved until accepted.
 */
export function createAutoSplitLayers(map: maplibregl.Map) {
  function add() {
    if (map.getSource(PROPOSAL_SOURCE)) return;
    map.addSource(PROPOSAL_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    const colour = ['to-color', ['at', ['%', ['get', 'index'], PALETTE.length], ['literal', PALETTE]]];
    map.addLayer({
      id: PROPOSAL_LAYERS.fill,
      type: 'fill',
      source: PROPOSAL_SOURCE,
      paint: { 'fill-color': colour as never, 'fill-opacity': 0.4 },
    });
    map.addLayer({
      id: PROPOSAL_LAYERS.line,
      type: 'line',
      source: PROPOSAL_SOURCE,
      paint: { 'line-color': '#222222', 'line-width': 1.5, 'line-dasharray': [2, 1] },
    });
    map.addLayer({
      id: PROPOSAL_LAYERS.label,
      type: 'symbol',
      source: PROPOSAL_SOURCE,
      layout: { 'text-field': ['get', 'label'], 'text-font': TEXT_FONT, 'text-size': 13, 'text-allow-overlap': true },
      paint: { 'text-color': '#111111', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    });
  }

  function remove() {
    for (const id of Object.values(PROPOSAL_LAYERS)) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(PROPOSAL_SOURCE)) map.removeSource(PROPOSAL_SOURCE);
  }

  return {
    add,
    remove,
    show(proposals: Proposals | null, label: (households: number) => string) {
      const features = (proposals?.features ?? []).map((f, i) => ({
        ...f,
        properties: { ...f.properties, index: f.properties.index ?? i, label: label(f.properties.households) },
      }));
      (map.getSource(PROPOSAL_SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
    },
  };
}

export type AutoSplitLayers = ReturnType<typeof createAutoSplitLayers>;
