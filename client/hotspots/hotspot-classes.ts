/** Gi* classes, hottest to coldest, as /api/hotspots names them. */
export const HOTSPOT_CLASSES = ['hot_99', 'hot_95', 'hot_90', 'not_significant', 'cold_90', 'cold_95', 'cold_99'] as const;
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number];

/**
 * Reds for hot, blues for cold, deeper with confidence (ColorBrewer RdYlBu); not significant is not drawn at all, so
 * the map under it stays readable. One table for the map and its legend.
 */
export const CLASS_COLOURS: Record<HotspotClass, [number, number, number, number]> = {
  hot_99: [178, 24, 43, 210],
  hot_95: [239, 101, 72, 190],
  hot_90: [253, 174, 97, 180],
  not_significant: [0, 0, 0, 0],
  cold_90: [171, 217, 233, 180],
  cold_95: [116, 173, 209, 190],
  cold_99: [49, 54, 149, 210],
};

export const cssColour = ([r, g, b, a]: readonly number[]) => `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;

/** Yellow to dark red, for the heat map and the hexagons (deck.gl's own default range, stated so the legend matches). */
export const HEAT_RANGE: [number, number, number][] = [
  [255, 255, 178], [254, 217, 118], [254, 178, 76], [253, 141, 60], [240, 59, 32], [189, 0, 38],
];

/** What a hazard weighs, as the server's Gi* analysis weighs it (server/hotspots/hotspots.ts). */
export const SEVERITY_WEIGHTS = { minor: 1, general: 2, major: 5 } as const;
