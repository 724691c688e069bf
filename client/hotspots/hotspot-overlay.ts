// deck.gl over the map, for the hot spots: a heat map and hexagons of the hazards themselves, and the Gi* cells.
// Loaded as its own chunk (deck.gl is large) the first time a hot-spot layer is turned on.
import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers';
import type { Deck, Layer, PickingInfo } from '@deck.gl/core';
import { GeoJsonLayer } from '@deck.gl/layers';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { formatNumber, t, tValue } from '../i18n/i18n.ts';
import type { HazardPoint, HotspotCell, HotspotCollection } from './hotspot-api.ts';
import { CLASS_COLOURS, HEAT_RANGE, SEVERITY_WEIGHTS } from './hotspot-classes.ts';

export const HOTSPOT_LAYER_IDS = { heatmap: 'hotspot-heatmap', hexagon: 'hotspot-hexagon', gistar: 'hotspot-gistar' } as const;
export type HotspotLayer = keyof typeof HOTSPOT_LAYER_IDS;

/** Hexagons of 500 m, centre to corner: the size the server's Gi* over hexagons uses by default. */
const HEX_RADIUS_M = 500;

interface Pt {
  position: [number, number];
  weight: number;
}

export interface OverlayData {
  heatmap?: FeatureCollection<Point, HazardPoint> | null;
  hexagon?: FeatureCollection<Point, HazardPoint> | null;
  gistar?: HotspotCollection | null;
}

const toPoints = (fc: FeatureCollection<Point, HazardPoint>): Pt[] =>
  fc.features.map((f) => ({ position: f.geometry.coordinates as [number, number], weight: SEVERITY_WEIGHTS[f.properties.severity] ?? 1 }));

function tooltip({ layer, object }: PickingInfo): string | null {
  if (!object || !layer) return null;
  if (layer.id === HOTSPOT_LAYER_IDS.hexagon) return t('hotspots.tip.hexagon', { n: formatNumber((object as { count: number }).count) });
  if (layer.id !== HOTSPOT_LAYER_IDS.gistar) return null;
  const p = (object as Feature<Geometry, HotspotCell>).properties;
  const z = p.gi_z === null ? t('panel.empty') : p.gi_z.toFixed(2);
  const pValue = p.p_value === null ? t('panel.empty') : p.p_value < 0.001 ? '< 0.001' : p.p_value.toFixed(3);
  return [p.name, tValue('hotspots.class', p.class), t('hotspots.tip.cell', { n: formatNumber(p.count), z, p: pValue })]
    .filter(Boolean).join('\n');
}

/**
 * The deck.gl overlay (its own canvas over the map's, following its camera; clicks still reach the map). For tests:
 * `counts` of what each layer was given, `frame()` resolving after the next drawing, `pick(x, y)` what deck.gl drew there.
 */
export function createHotspotOverlay(map: maplibregl.Map) {
  let frames = 0;
  let waiting: (() => void)[] = [];
  const counts: Partial<Record<HotspotLayer, number>> = {};
  const overlay = new MapboxOverlay({
    interleaved: false,
    layers: [],
    getTooltip: (info) => {
      const text = tooltip(info);
      return text && { text, className: 'hotspot-tooltip' };
    },
    onAfterRender: () => {
      frames++;
      const resolve = waiting;
      waiting = [];
      for (const r of resolve) r();
    },
  });
  map.addControl(overlay);

  return {
    /** Draws what is given; a layer left out (or null) is taken off. */
    show(data: OverlayData) {
      const layers: Layer[] = [];
      for (const key of Object.keys(HOTSPOT_LAYER_IDS) as HotspotLayer[]) delete counts[key];
      if (data.heatmap) {
        const points = toPoints(data.heatmap);
        counts.heatmap = points.length;
        layers.push(new HeatmapLayer<Pt>({
          id: HOTSPOT_LAYER_IDS.heatmap, data: points, getPosition: (d) => d.position, getWeight: (d) => d.weight,
          radiusPixels: 30, intensity: 1, threshold: 0.04, colorRange: HEAT_RANGE, opacity: 0.8,
        }));
      }
      if (data.hexagon) {
        const points = toPoints(data.hexagon);
        counts.hexagon = points.length;
        layers.push(new HexagonLayer<Pt>({
          id: HOTSPOT_LAYER_IDS.hexagon, data: points, getPosition: (d) => d.position, radius: HEX_RADIUS_M,
          // On the CPU: a few thousand points need no GPU aggregation, and picking a hexagon then gives its count.
          gpuAggregation: false, extruded: false, coverage: 0.92, colorRange: HEAT_RANGE, opacity: 0.65, pickable: true,
          autoHighlight: true,
        }));
      }
      if (data.gistar) {
        counts.gistar = data.gistar.features.length;
        layers.push(new GeoJsonLayer<HotspotCell>({
          id: HOTSPOT_LAYER_IDS.gistar, data: data.gistar, filled: true, stroked: true,
          getFillColor: (f) => CLASS_COLOURS[f.properties.class] ?? CLASS_COLOURS.not_significant,
          getLineColor: (f) => (f.properties.class === 'not_significant' ? [0, 0, 0, 0] : [90, 20, 20, 160]),
          getLineWidth: (f) => (f.properties.class === 'not_significant' ? 0 : 1),
          lineWidthUnits: 'pixels', pickable: true, autoHighlight: true, highlightColor: [255, 255, 255, 90],
        }));
      }
      overlay.setProps({ layers });
    },
    /** Resolves once deck.gl has drawn what it has now: a drawing is forced, there may be no change to wait for. */
    frame(): Promise<void> {
      const next = new Promise<void>((resolve) => waiting.push(resolve));
      // MapboxOverlay keeps its Deck to itself and offers no redraw; Deck.redraw(reason) draws at once.
      (overlay as unknown as { _deck?: Deck })._deck?.redraw('hotspots: frame asked for');
      return next;
    },
    /** What deck.gl drew at a pixel of the map, e.g. a Gi* cell or a hexagon. */
    pick(x: number, y: number, layer?: HotspotLayer) {
      const info = overlay.pickObject({ x, y, radius: 2, layerIds: layer ? [HOTSPOT_LAYER_IDS[layer]] : undefined });
      if (!info?.object) return null;
      const object = info.object as { properties?: HotspotCell; count?: number };
      return { layer: info.layer?.id ?? null, properties: object.properties ?? null, count: object.count ?? null };
    },
    get counts(): Readonly<Partial<Record<HotspotLayer, number>>> {
      return counts;
    },
    get frames() {
      return frames;
    },
  };
}

export type HotspotOverlay = ReturnType<typeof createHotspotOverlay>;
