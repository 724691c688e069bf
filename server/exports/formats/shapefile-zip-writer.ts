// A zipped Shapefile: the records are spooled to .shp/.shx/.dbf in a temporary folder as they come (the headers
// need totals known only at the end), then the folder is zipped straight into the response, read from disk.
// GCJ-02 has no WKT of its own; files in it carry the WGS84 .prj, as every Chinese web-map export does.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { WGS84_PRJ } from '../../grids/crs.ts';
import type { LayerSpec } from '../export-layers.ts';
import type { FormatWriter } from '../format-writer.ts';
import { ShapefileWriter } from '../shapefile-writer.ts';

export async function shapefileZipWriter(spec: LayerSpec, out: Writable, name: string): Promise<FormatWriter> {
  const dir = await mkdtemp(join(tmpdir(), 'gw-export-'));
  let shp: ShapefileWriter;
  try {
    shp = await ShapefileWriter.create(dir, name, spec.geometry, spec.fields, spec.geometry === 'line');
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    async write(records) {
      await shp.add(records);
    },
    async end() {
      try {
        await shp.close();
        const prj = join(dir, `${name}.prj`);
        const cpg = join(dir, `${name}.cpg`);
        await writeFile(prj, WGS84_PRJ);
        await writeFile(cpg, 'UTF-8');
        const zip = new yazl.ZipFile();
        for (const path of [shp.paths.shp, shp.paths.shx, shp.paths.dbf, prj, cpg]) {
          zip.addFile(path, path.slice(dir.length + 1));
        }
        zip.end();
        zip.outputStream.pipe(out);
        await finished(out);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async abort() {
      await shp.abort();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
