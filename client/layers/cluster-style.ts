import type { ExpressionSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { StyleLayer, TileLayerName } from './map-layer-group.ts';
import { TEXT_FONT } from './label-text.ts';

// At low zoom the server sends households, risk points and hazards clustered (see server/tiles/sql/household.sql):
// a cluster carries point_count and no id, a lone point comes as itself. These are the pieces each layer's style
// shares to tell them apart and draw the clusters.

/** True for a cluster feature. */
export const isClusterExpr: ExpressionSpecification = ['has', 'point_count'];
/** True for a plain feature: the filter every existing style layer of a clustered source adds. */
export const notClusterExpr: ExpressionSpecification = ['!', ['has', 'point_count']];

/** Wider with the count, slowly: a thousand households must not hide a town. Badges stay small beside them. */
const radius = (count: ExpressionSpecification, badge: boolean): ExpressionSpecification => (badge
  ? ['interpolate', ['linear'], count, 1, 8, 10, 10, 100, 13, 1000, 16]
  : ['interpolate', ['linear'], count, 1, 10, 10, 13, 100, 17, 1000, 21, 10000, 25]);

interface ClusterStyle {
  source: TileLayerName;
  /** Fill colour of the circle. */
  colour: ExpressionSpecification | string;
  /** The number written in it (point_count unless the layer counts something else, e.g. open hazards). */
  count?: ExpressionSpecification;
  /** Only clusters that also pass this are drawn. */
  filter?: ExpressionSpecification;
  /**
   * Pixels to shift the cluster by, as a small badge: the three layers cluster on the same cells, so their clusters
   * fall on nearly the same spot; households sit in the middle, risk points and hazards beside them.
   */
  badge?: [number, number];
}

/**
 * A clustered source's two style layers: `<source>-cluster` (a circle sized by the count, clickable: a click zooms
 * in) and `<source>-cluster-label` (the count, in the one glyph stack that ships with the app).
 */
export function clusterLayers({ source, colour, count = ['get', 'point_count'], filter, badge }: ClusterStyle): StyleLayer[] {
  const id = source.replace('_', '-');
  const where: ExpressionSpecification = filter ? ['all', isClusterExpr, filter] : isClusterExpr;
  const circle: LayerSpecification = {
    id: `${id}-cluster`,
    type: 'circle',
    source,
    'source-layer': source,
    filter: where,
    paint: {
      'circle-color': colour,
      'circle-opacity': 0.85,
      'circle-radius': radius(count, badge !== undefined),
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
      'circle-translate': badge ?? [0, 0],
    },
  };
  const label: LayerSpecification = {
    id: `${id}-cluster-label`,
    type: 'symbol',
    source,
    'source-layer': source,
    filter: where,
    layout: {
      'text-field': ['to-string', count],
      'text-font': TEXT_FONT,
      'text-size': badge ? 10 : 11,
      // Every cluster is its own cell's only point: nothing to collide with but its neighbours' numbers.
      'text-allow-overlap': true,
    },
    paint: {
      'text-color': '#ffffff',
      'text-halo-color': 'rgba(0, 0, 0, 0.55)',
      'text-halo-width': 1,
      'text-translate': badge ?? [0, 0],
    },
  };
  return [{ slot: 'point', spec: circle }, { slot: 'label', spec: label }];
}
