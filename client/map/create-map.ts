import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Lang } from '../i18n/i18n.ts';
import { mapStyle } from './map-style.ts';

// Bundled, MapLibre cannot find its worker by itself: without this, vector sources fail with "Worker failed to load".
maplibregl.setWorkerUrl(workerUrl);

/** Yongren County (532327), west, south, east, north. */
export const YONGREN_BOUNDS: [number, number, number, number] = [101.3189, 25.8469, 101.8381, 26.5053];

/** Chinese labels are drawn with the browser's own CJK fonts, so no CJK glyph ranges need to ship. */
const LOCAL_CJK_FONTS = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif';

export function createMap(container: HTMLElement, lang: Lang): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    style: mapStyle(lang),
    bounds: YONGREN_BOUNDS,
    fitBoundsOptions: { padding: 24 },
    maxZoom: 18,
    localIdeographFontFamily: LOCAL_CJK_FONTS,
    attributionControl: { compact: true, customAttribution: 'gridwatch · 永仁县' },
    // A whole world to scroll around in would be empty: keep the view near the county.
    maxBounds: [
      [YONGREN_BOUNDS[0] - 1.5, YONGREN_BOUNDS[1] - 1.5],
      [YONGREN_BOUNDS[2] + 1.5, YONGREN_BOUNDS[3] + 1.5],
    ],
  });
  map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'bottom-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  map.on('error', (e) => console.warn('map:', e.error?.message ?? e));
  return map;
}
