import type { Feature, FeatureCollection } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import type { PartitionGaps } from './grid-edit-api.ts';

export const GAP_SOURCE = 'partition-gaps';
export const GAP_LAYERS = {
  gapFill: 'partition-gap-fill',
  gapLine: 'partition-gap-line',
  overlapFill: 'partition-overlap-fill',
  outsidePoint: 'partition-household-outside',
} as const;

const HATCH = 'partition-gap-hatch';
const RED = '#d7191c';

/** Red diagonal stripes on transparent, so the ground (or a misplaced grid) shows through a gap. */
function hatch(): { width: number; height: number; data: Uint8Array } {
  const size = 12;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = (x + y) % size;
      if (d > 2) continue;
      const i = (y * size + x) * 4;
      data.set([0xd7, 0x19, 0x1c, d === 1 ? 230 : 120], i);
    }
  }
  return { width: size, height: size, data };
}

/**
 * Where the micro-grids fail to tile their village groups: gaps hatched red, overlaps filled red, and households
 * that lie in no grid as red rings. One GeoJSON source; each feature says which of the three it is in `part`.
 */
export function createPartitionGapLayers(map: maplibregl.Map) {
  function add() {
    if (map.getSource(GAP_SOURCE)) return;
    if (!map.hasImage(HATCH)) map.addImage(HATCH, hatch());
    map.addSource(GAP_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    const part = (p: string) => ['==', ['get', 'part'], p] as ['==', ['get', string], string];
    map.addLayer({ id: GAP_LAYERS.gapFill, type: 'fill', source: GAP_SOURCE, filter: part('gap'), paint: { 'fill-pattern': HATCH } });
    map.addLayer({
      id: GAP_LAYERS.gapLine,
      type: 'line',
      source: GAP_SOURCE,
      filter: ['in', ['get', 'part'], ['literal', ['gap', 'overlap']]],
      paint: { 'line-color': RED, 'line-width': 1.5 },
    });
    map.addLayer({
      id: GAP_LAYERS.overlapFill,
      type: 'fill',
      source: GAP_SOURCE,
      filter: part('overlap'),
      paint: { 'fill-color': RED, 'fill-opacity': 0.5 },
    });
    map.addLayer({
      id: GAP_LAYERS.outsidePoint,
      type: 'circle',
      source: GAP_SOURCE,
      filter: part('household'),
      paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': RED, 'circle-stroke-width': 2 },
    });
  }

  function remove() {
    for (const id of Object.values(GAP_LAYERS)) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(GAP_SOURCE)) map.removeSource(GAP_SOURCE);
  }

  return {
    add,
    remove,
    show(result: PartitionGaps | null) {
      const tag = (fc: FeatureCollection, part: string): Feature[] =>
        fc.features.map((f, i) => ({ ...f, properties: { ...f.properties, part, index: i } }));
      const features = result
        ? [...tag(result.gaps, 'gap'), ...tag(result.overlaps, 'overlap'), ...tag(result.households_outside, 'household')]
        : [];
      (map.getSource(GAP_SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
    },
  };
}

export type PartitionGapLayers = ReturnType<typeof createPartitionGapLayers>;
