import type * as maplibregl from 'maplibre-gl';

/**
 * After a grid edit the server's tiles change (they carry an ETag and no-cache): MapLibre's refreshTiles reloads
 * every tile in view as expired, which refetches it, and drops its cache of tiles out of view. Households are
 * refreshed too, since their tiles name the grid each lies in.
 */
export function refreshGridTiles(map: maplibregl.Map): void {
  for (const source of ['grid', 'household']) if (map.getSource(source)) map.refreshTiles(source);
}
