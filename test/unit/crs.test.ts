import { readFileSync } from 'node:fs';
import type { Polygon, Position } from 'geojson';
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import {
  crsParam, fromWgs84, gcj02ToWgs84, geoJsonCrs, mapPositions, prjCrs, toWgs84, wgs84ToGcj02,
} from '../../server/grids/crs.ts';
import { expectHttpError } from '../support/expect-http-error.ts';

const PRJ_DIR = new URL('../fixtures/grid-transfer/prj/', import.meta.url);
const prj = (name: string) => readFileSync(new URL(name, PRJ_DIR), 'utf8');


/** Great-circle distance in metres. */
function metres([lon1, lat1]: Position, [lon2, lat2]: Position): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

// A lattice over Yongren county (101.4–101.9 E, 25.8–26.5 N) and a little beyond, every ~2 km.
const lattice: Position[] = [];
for (let lon = 101.3; lon <= 102.0; lon += 0.02) for (let lat = 25.7; lat <= 26.6; lat += 0.02) lattice.push([lon, lat]);

describe('crsParam', () => {
  it('defaults, ignores case and keeps to the allowed systems', () => {
    expect(crsParam(undefined)).toBe('wgs84');
    expect(crsParam('GCJ02')).toBe('gcj02');
    expect(crsParam('cgcs2000')).toBe('cgcs2000');
    expect(crsParam(undefined, ['wgs84', 'gcj02'], 'gcj02')).toBe('gcj02');
    expectHttpError(() => crsParam('cgcs2000', ['wgs84', 'gcj02']), 400, 'invalid_crs');
    expectHttpError(() => crsParam('bd09'), 400, 'invalid_crs');
    expectHttpError(() => crsParam(['wgs84', 'gcj02']), 400, 'invalid_crs');
  });
});

describe('GCJ-02', () => {
  it('shifts Yongren by the hundreds of metres Amap is off', () => {
    const shifts = lattice.map((p) => metres(p, wgs84ToGcj02(p)));
    expect(Math.min(...shifts)).toBeGreaterThan(100);
    expect(Math.max(...shifts)).toBeLessThan(1000);
  });

  it('comes back to WGS84 within a micrometre, where gcoord\'s own inverse leaves up to a decimetre', () => {
    let ours = 0;
    let theirs = 0;
    for (const p of lattice) {
      const gcj = wgs84ToGcj02(p);
      ours = Math.max(ours, metres(p, gcj02ToWgs84(gcj)));
      theirs = Math.max(theirs, metres(p, gcoord.transform(gcj as [number, number], gcoord.GCJ02, gcoord.WGS84)));
    }
    expect(ours).toBeLessThan(1e-6);
    expect(theirs).toBeGreaterThan(ours); // the reason gcj02ToWgs84 iterates further
    console.log(`GCJ-02 → WGS84 round trip over ${lattice.length} points: ours ${ours.toExponential(1)} m, gcoord ${theirs.toExponential(1)} m`);
  });

  it('leaves points outside China as they are', () => {
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84([2.35, 48.85])).toEqual([2.35, 48.85]);
  });
});

describe('converting geometries', () => {
  const square: Polygon = {
    type: 'Polygon',
    coordinates: [[[101.6, 26.0, 1800], [101.61, 26.0, 1800], [101.61, 26.01, 1800], [101.6, 26.01, 1800], [101.6, 26.0, 1800]]],
  };

  it('maps every position into a copy, keeping rings closed and dropping heights', () => {
    const before = JSON.stringify(square);
    const gcj = fromWgs84(square, 'gcj02');
    expect(JSON.stringify(square)).toBe(before);
    const ring = gcj.coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(ring.every((p) => p.length === 2)).toBe(true);
    expect(metres(ring[0], square.coordinates[0][0])).toBeGreaterThan(100);
    const back = toWgs84(gcj, 'gcj02');
    back.coordinates[0].forEach((p, i) => expect(metres(p, square.coordinates[0][i])).toBeLessThan(1e-6));
  });

  it('takes WGS84 and CGCS2000 as they are', () => {
    expect(toWgs84(square, 'wgs84')).toBe(square);
    expect(toWgs84(square, 'cgcs2000')).toBe(square);
    expect(fromWgs84(square, 'wgs84')).toBe(square);
  });

  it('walks every geometry type', () => {
    const collection = mapPositions({
      type: 'GeometryCollection',
      geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]]] }],
    }, ([x, y]) => [x + 1, y]);
    expect(collection).toEqual({
      type: 'GeometryCollection',
      geometries: [{ type: 'Point', coordinates: [2, 2] }, { type: 'MultiLineString', coordinates: [[[2, 2], [4, 4]]] }],
    });
  });
});

describe('prjCrs', () => {
  it.each([
    ['wgs84-esri.prj', 'wgs84'], ['wgs84-ogc-wkt1.prj', 'wgs84'], ['wgs84-wkt2.prj', 'wgs84'],
    ['cgcs2000-esri.prj', 'cgcs2000'], ['cgcs2000-wkt2.prj', 'cgcs2000'],
  ])('takes %s as %s', (file, crs) => {
    expect(prjCrs(prj(file))).toBe(crs);
  });

  it.each(['cgcs2000-gk-cm105.prj', 'cgcs2000-gk-cm105-wkt2.prj', 'web-mercator.prj'])('refuses the projected %s', (file) => {
    const err = expectHttpError(() => prjCrs(prj(file)), 422, 'unsupported_crs');
    expect(err.message).toMatch(/projected system/);
    expect(err.message).toMatch(/EPSG:4490/);
  });

  it.each(['beijing1954.prj', 'xian1980.prj'])('refuses the older Chinese datum of %s', (file) => {
    expect(expectHttpError(() => prjCrs(prj(file)), 422, 'unsupported_crs').message).toMatch(/Beijing_1954|Xian_1980/);
  });

  it('refuses what is not WKT', () => {
    expectHttpError(() => prjCrs('hello'), 422, 'unsupported_crs');
    expectHttpError(() => prjCrs(''), 422, 'unsupported_crs');
  });
});

describe('geoJsonCrs', () => {
  it('reads the legacy crs member', () => {
    expect(geoJsonCrs(undefined)).toBeUndefined();
    expect(geoJsonCrs({ type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } })).toBe('wgs84');
    expect(geoJsonCrs({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4326' } })).toBe('wgs84');
    expect(geoJsonCrs({ type: 'name', properties: { name: 'EPSG:4490' } })).toBe('cgcs2000');
    expectHttpError(() => geoJsonCrs({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } }), 422, 'unsupported_crs');
    expectHttpError(() => geoJsonCrs({ type: 'link' }), 422, 'unsupported_crs');
  });
});
