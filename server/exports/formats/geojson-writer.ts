// GeoJSON (RFC 7946) written feature by feature. A position's third number would be read as a height, so a
// track's M values go to properties.times (epoch seconds, one per coordinate), as GET /api/patrols gives them.
import type { Writable } from 'node:stream';
import type { Position } from 'geojson';
import type { LayerSpec } from '../export-layers.ts';
import type { ExportRecord } from '../export-records.ts';
import type { FormatWriter } from '../format-writer.ts';
import { send } from '../sink.ts';

export function geoJsonWriter(spec: LayerSpec, out: Writable): FormatWriter {
  let first = true;
  const feature = ({ values, geometry }: ExportRecord) => {
    const properties: Record<string, unknown> = Object.fromEntries(spec.fields.map((f, i) => [f.name, values[i]]));
    let geom = geometry;
    if (geometry.type === 'LineString' && geometry.coordinates[0]?.length > 2) {
      properties.times = geometry.coordinates.map((p) => p[2]);
      geom = { type: 'LineString', coordinates: geometry.coordinates.map((p): Position => [p[0], p[1]]) };
    }
    return JSON.stringify({ type: 'Feature', id: values[0], properties, geometry: geom });
  };
  return {
    async write(records) {
      if (records.length === 0) return;
      const head = first ? `{"type":"FeatureCollection","name":${JSON.stringify(spec.layer)},"features":[\n` : ',\n';
      first = false;
      await send(out, head + records.map(feature).join(',\n'));
    },
    async end() {
      await send(out, `${first ? `{"type":"FeatureCollection","name":${JSON.stringify(spec.layer)},"features":[` : ''}\n]}\n`);
      out.end();
    },
    async abort() {},
  };
}
