import type { Geometry, MultiPolygon, Polygon } from 'geojson';

/** Why an uploaded file was not taken, as an i18n key's last part. */
export class AreaFileError extends Error {
  constructor(readonly reason: 'not_json' | 'no_polygon') {
    super(reason);
  }
}

/**
 * The polygon of an uploaded GeoJSON file: a Polygon or MultiPolygon Feature, the first feature of a
 * FeatureCollection, or a bare geometry. Coordinates are sent as they are; the server converts the chosen CRS.
 */
export async function readAreaFile(file: Blob): Promise<Polygon | MultiPolygon> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    throw new AreaFileError('not_json');
  }
  const o = parsed as { type?: string; features?: { geometry?: Geometry }[]; geometry?: Geometry };
  const geometry = o.type === 'FeatureCollection' ? o.features?.[0]?.geometry : o.type === 'Feature' ? o.geometry : (parsed as Geometry);
  if (geometry && (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') && Array.isArray(geometry.coordinates)) return geometry;
  throw new AreaFileError('no_polygon');
}
