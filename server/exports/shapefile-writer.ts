// A Shapefile written record by record to .shp, .shx and .dbf on disk. No maintained library streams one:
// @mapbox/shp-write builds every part in memory with fixed 254-byte text fields, and GDAL is not a Node library.
// The headers of all three carry totals (file length, bounding box, record count), so they are reserved first
// and written last, once the records are on disk. Text goes to the .dbf as UTF-8 (the .cpg says so), each field
// as wide as the layer declares, cut at a character boundary when longer.
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Position } from 'geojson';
import type { Field, GeometryKind } from './export-layers.ts';
import type { ExportRecord, ExportValue } from './export-records.ts';

const SHAPE_TYPE = { point: 1, line: 3, polygon: 5 } as const;
/** PolyLineM: a polyline whose points each carry a measure (a patrol's epoch seconds). */
const POLYLINE_M = 23;
const HEADER = 100;

interface Box { xmin: number; ymin: number; xmax: number; ymax: number; mmin: number; mmax: number }

function dbfField(field: Field): { width: number; type: 'C' | 'N' } {
  return field.type === 'text' ? { width: Math.min(field.bytes, 254), type: 'C' } : { width: field.digits, type: 'N' };
}

/** The UTF-8 bytes of a text, cut at a character boundary to fit the width. */
function utf8Fit(value: string, width: number): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= width) return bytes;
  let end = width;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

export class ShapefileWriter {
  readonly paths: { shp: string; shx: string; dbf: string };
  private count = 0;
  private shpLength = HEADER;
  private readonly box: Box = { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity, mmin: Infinity, mmax: -Infinity };
  private readonly shapeType: number;
  private readonly dbfFields: { width: number; type: 'C' | 'N' }[];
  private readonly recordBytes: number;

  private constructor(
    dir: string, name: string, private readonly kind: GeometryKind, private readonly fields: readonly Field[],
    private readonly withM: boolean, private readonly files: { shp: FileHandle; shx: FileHandle; dbf: FileHandle },
  ) {
    this.paths = { shp: join(dir, `${name}.shp`), shx: join(dir, `${name}.shx`), dbf: join(dir, `${name}.dbf`) };
    this.shapeType = kind === 'line' && withM ? POLYLINE_M : SHAPE_TYPE[kind];
    this.dbfFields = fields.map(dbfField);
    this.recordBytes = 1 + this.dbfFields.reduce((sum, f) => sum + f.width, 0);
  }

  /** Opens the three files and reserves their headers. withM: lines carry measures (PolyLineM). */
  static async create(dir: string, name: string, kind: GeometryKind, fields: readonly Field[], withM = false): Promise<ShapefileWriter> {
    for (const f of fields) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,9}$/.test(f.name)) throw new Error(`"${f.name}" is not a .dbf field name (10 ASCII characters at most)`);
    }
    const handles = await Promise.all(['shp', 'shx', 'dbf'].map((ext) => open(join(dir, `${name}.${ext}`), 'w+')));
    const writer = new ShapefileWriter(dir, name, kind, fields, withM, { shp: handles[0], shx: handles[1], dbf: handles[2] });
    await handles[0].write(Buffer.alloc(HEADER));
    await handles[1].write(Buffer.alloc(HEADER));
    await handles[2].write(Buffer.alloc(writer.dbfHeaderBytes()));
    return writer;
  }

  async add(records: readonly ExportRecord[]): Promise<void> {
    const shp: Buffer[] = [];
    const shx = Buffer.alloc(8 * records.length);
    const dbf = Buffer.alloc(this.recordBytes * records.length, 0x20);
    records.forEach((r, i) => {
      const content = this.shape(r);
      const head = Buffer.alloc(8);
      head.writeInt32BE(++this.count, 0);
      head.writeInt32BE(content.length / 2, 4);
      shx.writeInt32BE(this.shpLength / 2, 8 * i);
      shx.writeInt32BE(content.length / 2, 8 * i + 4);
      shp.push(head, content);
      this.shpLength += 8 + content.length;
      this.dbfRecord(r.values, dbf, this.recordBytes * i);
    });
    await this.files.shp.write(Buffer.concat(shp));
    await this.files.shx.write(shx);
    await this.files.dbf.write(dbf);
  }

  /** Writes the headers now that the totals are known, and closes the files. */
  async close(): Promise<void> {
    const { shp, shx, dbf } = this.files;
    await shp.write(this.shpHeader(this.shpLength), 0, HEADER, 0);
    await shx.write(this.shpHeader(HEADER + 8 * this.count), 0, HEADER, 0);
    await dbf.write(Buffer.from([0x1a])); // end of file
    await dbf.write(this.dbfHeader(), 0, this.dbfHeaderBytes(), 0);
    await this.abort();
  }

  /** Closes the files without finishing them. */
  async abort(): Promise<void> {
    await Promise.allSettled(Object.values(this.files).map((f) => f.close()));
  }

  private extend(p: Position) {
    const b = this.box;
    b.xmin = Math.min(b.xmin, p[0]); b.xmax = Math.max(b.xmax, p[0]);
    b.ymin = Math.min(b.ymin, p[1]); b.ymax = Math.max(b.ymax, p[1]);
    if (this.withM && p.length > 2) { b.mmin = Math.min(b.mmin, p[2]); b.mmax = Math.max(b.mmax, p[2]); }
  }

  /** A record's content: the shape type and its geometry, little-endian. */
  private shape({ geometry: g }: ExportRecord): Buffer {
    if (g.type === 'Point') {
      if (this.kind !== 'point') throw new Error(`a Point in a ${this.kind} Shapefile`);
      const b = Buffer.alloc(20);
      b.writeInt32LE(1, 0);
      b.writeDoubleLE(g.coordinates[0], 4);
      b.writeDoubleLE(g.coordinates[1], 12);
      this.extend(g.coordinates);
      return b;
    }
    if ((g.type === 'LineString') !== (this.kind === 'line')) throw new Error(`a ${g.type} in a ${this.kind} Shapefile`);
    const parts = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
    const points = parts.flat();
    const m = this.shapeType === POLYLINE_M;
    const b = Buffer.alloc(44 + 4 * parts.length + 16 * points.length + (m ? 16 + 8 * points.length : 0));
    b.writeInt32LE(this.shapeType, 0);
    let xmin = Infinity, ymin = Infinity, xmax = -Infinity, ymax = -Infinity;
    for (const p of points) {
      xmin = Math.min(xmin, p[0]); xmax = Math.max(xmax, p[0]); ymin = Math.min(ymin, p[1]); ymax = Math.max(ymax, p[1]);
      this.extend(p);
    }
    [xmin, ymin, xmax, ymax].forEach((v, i) => b.writeDoubleLE(v, 4 + 8 * i));
    b.writeInt32LE(parts.length, 36);
    b.writeInt32LE(points.length, 40);
    let at = 44;
    let start = 0;
    for (const part of parts) {
      b.writeInt32LE(start, at);
      at += 4;
      start += part.length;
    }
    for (const p of points) {
      b.writeDoubleLE(p[0], at);
      b.writeDoubleLE(p[1], at + 8);
      at += 16;
    }
    if (m) {
      const ms = points.map((p) => p[2] ?? 0);
      // Not Math.min(...ms): a day-long track at 1 Hz has more points than a call may take arguments.
      b.writeDoubleLE(ms.reduce((a, v) => Math.min(a, v), Infinity), at);
      b.writeDoubleLE(ms.reduce((a, v) => Math.max(a, v), -Infinity), at + 8);
      at += 16;
      for (const v of ms) {
        b.writeDoubleLE(v, at);
        at += 8;
      }
    }
    return b;
  }

  private shpHeader(fileBytes: number): Buffer {
    const b = Buffer.alloc(HEADER);
    const box = this.count > 0 ? this.box : { xmin: 0, ymin: 0, xmax: 0, ymax: 0, mmin: 0, mmax: 0 };
    b.writeInt32BE(9994, 0);
    b.writeInt32BE(fileBytes / 2, 24);
    b.writeInt32LE(1000, 28);
    b.writeInt32LE(this.shapeType, 32);
    [box.xmin, box.ymin, box.xmax, box.ymax, 0, 0].forEach((v, i) => b.writeDoubleLE(v, 36 + 8 * i));
    const hasM = this.shapeType === POLYLINE_M && Number.isFinite(box.mmin);
    b.writeDoubleLE(hasM ? box.mmin : 0, 84);
    b.writeDoubleLE(hasM ? box.mmax : 0, 92);
    return b;
  }

  private dbfHeaderBytes(): number {
    return 32 + 32 * this.fields.length + 1;
  }

  private dbfHeader(): Buffer {
    const b = Buffer.alloc(this.dbfHeaderBytes());
    const now = new Date();
    b.writeUInt8(0x03, 0); // dBase III without memo
    b.writeUInt8(now.getUTCFullYear() - 1900, 1);
    b.writeUInt8(now.getUTCMonth() + 1, 2);
    b.writeUInt8(now.getUTCDate(), 3);
    b.writeUInt32LE(this.count, 4);
    b.writeUInt16LE(this.dbfHeaderBytes(), 8);
    b.writeUInt16LE(this.recordBytes, 10);
    this.fields.forEach((f, i) => {
      const at = 32 + 32 * i;
      b.write(f.name, at, 10, 'ascii');
      b.write(this.dbfFields[i].type, at + 11, 1, 'ascii');
      b.writeUInt8(this.dbfFields[i].width, at + 16);
      b.writeUInt8(0, at + 17);
    });
    b.writeUInt8(0x0d, b.length - 1);
    return b;
  }

  /** One record: a blank deletion flag, then each field padded with spaces (text left, numbers right). */
  private dbfRecord(values: readonly ExportValue[], into: Buffer, at: number) {
    let pos = at + 1;
    this.dbfFields.forEach(({ width, type }, i) => {
      const v = values[i];
      if (v !== null && v !== undefined) {
        const bytes = type === 'C' ? utf8Fit(String(v), width) : Buffer.from(String(Math.round(Number(v))), 'ascii');
        if (bytes.length > width) throw new Error(`${this.fields[i].name}: ${v} does not fit in ${width} digits`);
        bytes.copy(into, type === 'C' ? pos : pos + width - bytes.length);
      }
      pos += width;
    });
  }
}
