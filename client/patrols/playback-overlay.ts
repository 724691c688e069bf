// deck.gl over the map for playback, its own chunk: the track drawn up to the slider's time, the worker's position
// then, and the risk points passed, lit once passed. @deck.gl/geo-layers (TripsLayer) is not among the project's
// packages, so a PathLayer is given the walked part of each track (track-timeline.ts) instead of a time filter on
// the GPU; a day of tracks is a few thousand points, cheap to slice on every frame.
import type { Deck, Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type * as maplibregl from 'maplibre-gl';
import { positionAt, walkedBy, type TimedTrack } from './track-timeline.ts';

export interface PassedPoint {
  id: number;
  position: [number, number];
  /** Epoch seconds. */
  at: number;
}

export const PLAYBACK_LAYER_IDS = { track: 'playback-track', ghost: 'playback-ghost', passed: 'playback-passed', here: 'playback-here' } as const;

/** For tests: what the last drawing was given; `frame()` resolves after deck.gl draws next. */
export function createPlaybackOverlay(map: maplibregl.Map) {
  let waiting: (() => void)[] = [];
  const drawn = { fixes: 0, passed: 0, here: null as [number, number] | null };
  const overlay = new MapboxOverlay({
    interleaved: false,
    layers: [],
    onAfterRender: () => {
      const resolve = waiting;
      waiting = [];
      for (const r of resolve) r();
    },
  });
  map.addControl(overlay);

  return {
    draw(tracks: TimedTrack[], passed: PassedPoint[], t: number) {
      const walked = tracks.map((track) => walkedBy(track, t));
      const here = tracks.map((track) => positionAt(track, t)).find((p) => p !== null) ?? null;
      const lit = passed.filter((p) => p.at <= t);
      drawn.fixes = walked.reduce((n, w) => n + w.fixes, 0);
      drawn.passed = lit.length;
      drawn.here = here;
      const layers: Layer[] = [
        // The whole day faintly, so the way ahead is seen too.
        new PathLayer<TimedTrack>({
          id: PLAYBACK_LAYER_IDS.ghost, data: tracks, getPath: (d) => d.coordinates, getColor: [11, 127, 120, 70],
          getWidth: 2, widthUnits: 'pixels', capRounded: true, jointRounded: true,
        }),
        new PathLayer<{ path: [number, number][] }>({
          id: PLAYBACK_LAYER_IDS.track, data: walked.filter((w) => w.path.length > 1), getPath: (d) => d.path,
          getColor: [224, 17, 95, 230], getWidth: 4, widthUnits: 'pixels', capRounded: true, jointRounded: true,
          updateTriggers: { getPath: t },
        }),
        new ScatterplotLayer<PassedPoint>({
          id: PLAYBACK_LAYER_IDS.passed, data: passed, getPosition: (d) => d.position, radiusUnits: 'pixels',
          getRadius: (d) => (d.at <= t ? 9 : 6), stroked: true, lineWidthUnits: 'pixels', getLineWidth: 2,
          getFillColor: (d) => (d.at <= t ? [26, 150, 65, 220] : [255, 255, 255, 160]),
          getLineColor: (d) => (d.at <= t ? [255, 255, 255, 255] : [120, 120, 120, 220]),
          updateTriggers: { getRadius: t, getFillColor: t, getLineColor: t },
        }),
        new ScatterplotLayer<[number, number]>({
          id: PLAYBACK_LAYER_IDS.here, data: here ? [here] : [], getPosition: (d) => d, radiusUnits: 'pixels', getRadius: 7,
          stroked: true, lineWidthUnits: 'pixels', getLineWidth: 3, getFillColor: [224, 17, 95, 255], getLineColor: [255, 255, 255, 255],
        }),
      ];
      overlay.setProps({ layers });
    },
    clear() {
      drawn.fixes = 0;
      drawn.passed = 0;
      drawn.here = null;
      overlay.setProps({ layers: [] });
    },
    frame(): Promise<void> {
      const next = new Promise<void>((resolve) => waiting.push(resolve));
      // As the hot spots' overlay: MapboxOverlay offers no redraw of its own.
      (overlay as unknown as { _deck?: Deck })._deck?.redraw('playback: frame asked for');
      return next;
    },
    get drawn(): Readonly<typeof drawn> {
      return drawn;
    },
  };
}

export type PlaybackOverlay = ReturnType<typeof createPlaybackOverlay>;
