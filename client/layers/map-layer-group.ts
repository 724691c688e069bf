import type { ExpressionSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';

/** The server's vector tile layers; each is also our source id and its source-layer name. */
export type TileLayerName = 'admin_unit' | 'grid' | 'grid_risk' | 'household' | 'risk_point' | 'hazard' | 'patrol';

/** Draw bands, bottom to top: a layer added later still lands in its band, whichever group it belongs to. */
export const SLOTS = ['base', 'fill', 'outline', 'line', 'highlight', 'point', 'label'] as const;
export type Slot = (typeof SLOTS)[number];

export interface StyleLayer {
  slot: Slot;
  spec: LayerSpecification;
}

/** A legend row: a swatch and a coded value put in words with tValue(prefix, value), e.g. ('kind', 'market'). */
export interface LegendItem {
  prefix: string;
  value: string;
  colour: string;
  shape: 'fill' | 'circle' | 'ring' | 'line';
}

/** Legend rows for a value→colour table, in the table's order. */
export const legendOf = (prefix: string, colours: Record<string, string>, shape: LegendItem['shape']): LegendItem[] =>
  Object.entries(colours).map(([value, colour]) => ({ prefix, value, colour, shape }));

/** One tile layer as the map draws it: its style layers, which of them answer clicks, and its legend. */
export interface MapLayerGroup {
  source: TileLayerName;
  /** The server answers 401 for these without a session, so they join the map only once signed in. */
  signedInOnly: boolean;
  /** Unticked in the layer list until the user asks for it. */
  hiddenByDefault?: boolean;
  layers: StyleLayer[];
  /** Layer ids that open the feature panel, with how many pixels around the click still count as a hit. */
  clickable: { layer: string; tolerance: number }[];
  legend: LegendItem[];
}

/** A colour per value of one property, from the same table the legend is drawn from. */
export function matchColour(property: string, colours: Record<string, string>, fallback: string): ExpressionSpecification {
  const [[value, colour], ...rest] = Object.entries(colours);
  return ['match', ['get', property], value, colour, ...rest.flat(), fallback];
}
