// A grid notice's QR code opens the map with ?report=<village, group or grid code>: once someone signs in, the map
// fits that unit and the hazard report opens there, so the spot is a tap away. The parameter is then dropped from
// the address, so a reload or a later sign-in does not open the form again.
import type { FeatureCollection } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { fetchJson } from '../http/fetch-json.ts';

const CODE = /^\d{12}(\d{3})?(\d{2})?$/;

export function createReportLink(map: maplibregl.Map, reporter: { open(): void }) {
  const asked = new URLSearchParams(location.search).get('report');
  let pending = asked && CODE.test(asked) ? asked : null;

  async function openAt(code: string) {
    // The grids under a code are public (GET /api/grids?unit=), and a grid's code is its own prefix.
    const grids = await fetchJson<FeatureCollection>(`/api/grids?unit=${code}`);
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of grids.features) {
      if (f.geometry?.type !== 'Polygon') continue;
      for (const [x, y] of f.geometry.coordinates.flat()) {
        w = Math.min(w, x); s = Math.min(s, y); e = Math.max(e, x); n = Math.max(n, y);
      }
    }
    if (w <= e) map.fitBounds([w, s, e, n], { padding: 60, duration: 0, maxZoom: 17 });
    reporter.open();
    document.body.dataset.reportLink = w <= e ? code : 'unknown';
  }

  return {
    setSession(session: unknown) {
      if (!session || !pending) return;
      const code = pending;
      pending = null;
      const url = new URL(location.href);
      url.searchParams.delete('report');
      history.replaceState(history.state, '', url);
      openAt(code).catch((err) => {
        document.body.dataset.reportLink = 'error';
        console.error('opening the hazard report of the notice failed:', err);
      });
    },
  };
}
