import type { VectorSourceSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { TileLayerName } from './map-layer-group.ts';

/** A layer's vector source, described by the server's TileJSON (tiles, zoom range, bounds) on the same origin. */
export const tileSource = (name: TileLayerName): VectorSourceSpecification => ({
  type: 'vector',
  url: `${location.origin}/tiles/${name}.json`,
});
