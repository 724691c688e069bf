// GPX 1.1 for patrol tracks: one <trk> per patrol, each point with its <time> from the track's M value (epoch
// seconds), which GPS tools, QGIS and Amap's track import read. The first fields name and describe the track.
import type { Writable } from 'node:stream';
import type { LayerSpec } from '../export-layers.ts';
import type { ExportRecord } from '../export-records.ts';
import type { FormatWriter } from '../format-writer.ts';
import { send } from '../sink.ts';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
/** ISO 8601 UTC; milliseconds only when the fix had them. */
const isoTime = (epoch: number) => new Date(Math.round(epoch * 1000)).toISOString().replace(/\.000Z$/, 'Z');

export function gpxWriter(spec: LayerSpec, out: Writable): FormatWriter {
  const field = (r: ExportRecord, name: string) => r.values[spec.fields.findIndex((f) => f.name === name)];
  let started = false;
  const head = () => {
    if (started) return '';
    started = true;
    return '<?xml version="1.0" encoding="UTF-8"?>\n'
      + '<gpx version="1.1" creator="gridwatch" xmlns="http://www.topografix.com/GPX/1/1">\n';
  };
  const track = (r: ExportRecord) => {
    if (r.geometry.type !== 'LineString') throw new Error('GPX holds tracks only');
    const points = r.geometry.coordinates
      .map(([lon, lat, m]) => `<trkpt lat="${lat}" lon="${lon}">${m === undefined ? '' : `<time>${isoTime(m)}</time>`}</trkpt>`)
      .join('\n');
    return `<trk><name>${xml(`patrol ${field(r, 'id')}`)}</name>`
      + `<desc>${xml(`${field(r, 'worker') ?? ''} ${field(r, 'grid_code') ?? ''}`.trim())}</desc><type>patrol</type>\n`
      + `<trkseg>\n${points}\n</trkseg></trk>\n`;
  };
  return {
    async write(records) {
      await send(out, head() + records.map(track).join(''));
    },
    async end() {
      await send(out, `${head()}</gpx>\n`);
      out.end();
    },
    async abort() {},
  };
}
