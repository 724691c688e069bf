import type * as maplibregl from 'maplibre-gl';
import { fetchGrid } from '../grids/fetch-grid.ts';
import type { TileLayerName } from '../layers/map-layer-group.ts';
import { createFeatureSelection } from '../map/feature-selection.ts';
import { isCluster, zoomIntoCluster } from '../map/cluster-zoom.ts';
import { pickFeature } from '../map/pick-feature.ts';
import type { createFeaturePanel } from './feature-panel.ts';
import { gridDetailView, tileFeatureView } from './feature-view.ts';

type FeaturePanel = ReturnType<typeof createFeaturePanel>;
type Props = Record<string, unknown>;

/** A layer whose panel someone else fills (hazards, with their actions): told what was clicked, and when to let go. */
export interface FeatureDetails {
  open(id: string | number, properties: Props): void;
  close(): void;
  reload(): void;
}

interface Options {
  /** While true, clicks and hovers on the map belong to someone else (the planner's drawing tools, reporting). */
  paused?: () => boolean;
  details?: Partial<Record<TileLayerName, FeatureDetails>>;
}

/** What is selected: a clicked feature, or one opened by id (just reported, not in the tiles yet). */
interface Shown {
  source: TileLayerName;
  sourceLayer: string;
  id: string | number | undefined;
  properties: Props;
}

/**
 * Clicks on the map: a feature opens the panel and is highlighted, an empty spot closes both. A grid shows its tile
 * attributes at once and its details from /api/grids/{id} when they arrive (only the latest click's answer counts);
 * a layer with its own details (hazards) is handed to them.
 */
export function createFeatureInspector(map: maplibregl.Map, panel: FeaturePanel, options: Options = {}) {
  const selection = createFeatureSelection(map);
  const details = options.details ?? {};
  let pending: AbortController | null = null;
  let shown: Shown | null = null;

  function close() {
    pending?.abort();
    pending = null;
    if (shown) details[shown.source]?.close();
    shown = null;
    selection.clear();
    panel.close();
  }

  function open(target: Shown) {
    pending?.abort();
    pending = null;
    if (shown && shown.source !== target.source) details[shown.source]?.close();
    shown = target;
    const { source: layer, id, properties } = target;
    // The selection reads only source, sourceLayer and id, which a feature opened by id has too.
    selection.select(target as unknown as maplibregl.MapGeoJSONFeature);
    const own = details[layer];
    if (own && id !== undefined) {
      own.open(id, properties);
      return;
    }
    if (layer !== 'grid' || id === undefined) {
      panel.show(layer, id, () => tileFeatureView(layer, properties));
      return;
    }
    const request = new AbortController();
    pending = request;
    panel.show(layer, id, () => tileFeatureView(layer, properties), 'loading');
    fetchGrid(id, request.signal).then(
      (detail) => {
        if (pending === request) panel.show(layer, id, () => gridDetailView(detail));
      },
      (err: unknown) => {
        if (request.signal.aborted) return;
        console.warn('grid details:', err);
        panel.show(layer, id, () => tileFeatureView(layer, properties), 'error');
      },
    );
  }

  const fromFeature = (f: maplibregl.MapGeoJSONFeature): Shown =>
    ({ source: f.source as TileLayerName, sourceLayer: f.sourceLayer ?? f.source, id: f.id, properties: { ...f.properties } });

  map.on('click', (e) => {
    if (options.paused?.()) return;
    const feature = pickFeature(map, e.point);
    // A cluster is no one feature: the click zooms in on it, and whatever the panel shows stays.
    if (feature && isCluster(feature)) zoomIntoCluster(map, feature);
    else if (feature) open(fromFeature(feature));
    else close();
  });
  map.on('mousemove', (e) => {
    if (options.paused?.()) return; // the drawing tools set their own cursor
    map.getCanvas().style.cursor = pickFeature(map, e.point) ? 'pointer' : '';
  });

  return {
    close,
    /**
     * Highlights a feature known by id and marks it as shown, without opening anything: its details are already
     * in the panel (a hazard just reported). The highlight applies once its tile arrives.
     */
    select(layer: TileLayerName, id: string | number) {
      pending?.abort();
      pending = null;
      shown = { source: layer, sourceLayer: layer, id, properties: {} };
      selection.select(shown as unknown as maplibregl.MapGeoJSONFeature);
    },
    /** Asks again for the shown feature's details: what the API tells depends on who is signed in. */
    reload() {
      if (!shown) return;
      const own = details[shown.source];
      if (own) own.reload();
      else if (shown.source === 'grid') open(shown);
    },
    /** Closes the panel if it shows a feature of a layer that has just left the map (at sign-out). */
    forgetLayers(gone: (layer: TileLayerName) => boolean) {
      const current = panel.current;
      if (current && gone(current.layer)) close();
    },
  };
}
