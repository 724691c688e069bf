import type * as maplibregl from 'maplibre-gl';

/**
 * After a write the server's tiles of a layer change. They are served with an ETag and no-cache, so MapLibre's
 * refreshTiles is enough: it reloads every tile in view as expired (the browser revalidates, the server answers the
 * new tile) and drops its cache of tiles out of view. A source not on the map (signed out, say) is left alone.
 */
export function refreshTileSource(map: maplibregl.Map, source: string): void {
  if (map.getSource(source)) map.refreshTiles(source);
}
