import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { Lang } from '../i18n/i18n.ts';
import { drawOrder, layerCatalog } from '../layers/layer-catalog.ts';
import { tileSource } from '../layers/tile-source.ts';

const BACKGROUND_COLOUR = '#dde3e6';

/**
 * The starting style: a plain background (no basemap: the map works offline) and the public layers, so the first
 * `idle` means they have been drawn. Signed-in layers join later through syncLayers.
 */
export function mapStyle(lang: Lang): StyleSpecification {
  const publicGroups = layerCatalog.filter((g) => !g.signedInOnly);
  const publicLayers = publicGroups.flatMap((g) => g.layers.map((l) => l.spec));
  return {
    version: 8,
    name: 'gridwatch',
    // Latin glyphs ship with the app (vite.config.ts copies them); CJK comes from local fonts (create-map.ts).
    glyphs: `${location.origin}/fonts/{fontstack}/{range}.pbf`,
    state: { lang: { default: lang } },
    sources: Object.fromEntries(publicGroups.map((g) => [g.source, tileSource(g.source)])),
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOUR } },
      ...publicLayers.sort((a, b) => drawOrder.indexOf(a.id) - drawOrder.indexOf(b.id)),
    ],
  };
}
