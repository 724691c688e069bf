// GPX uploads, read with @tmcw/togeojson (the maintained successor of mapbox/togeojson). It walks an XML DOM,
// which Node lacks, so @xmldom/xmldom parses the text: a W3C DOM without a browser.
import { gpx } from '@tmcw/togeojson';
import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import { badRequest } from '../http/errors.ts';
import { fromGeoJson, type TimedPoints } from './track-input.ts';

/** The track points (<trk><trkseg><trkpt>) of a GPX text with their times, or a 400 saying what is wrong. */
export function fromGpx(text: string): TimedPoints {
  let doc;
  try {
    // Errors, not only fatal ones, stop parsing: a half-read file would silently lose points.
    doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'text/xml');
  } catch (err) {
    throw badRequest('invalid_gpx', `The body is not well-formed XML: ${(err as Error).message.split('\n')[0]}`);
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'gpx') {
    throw badRequest('invalid_gpx', `The body is XML but not GPX (its root is <${root?.localName ?? 'nothing'}>, not <gpx>).`);
  }
  const tracks = gpx(doc).features.filter((f) => f.properties?._gpxType === 'trk');
  if (tracks.length === 0 || doc.getElementsByTagName('trkpt').length === 0) {
    throw badRequest('empty_track', 'The GPX file holds no track points (<trk><trkseg><trkpt>).');
  }
  for (const f of tracks) {
    // togeojson leaves out the times of points that have none, so a partial list cannot be matched to its points.
    const times = (f.properties?.coordinateProperties as { times?: unknown } | undefined)?.times;
    if (!times) throw badRequest('missing_time', 'The GPX track points have no <time>; a patrol needs the time of every point.');
  }
  const points = fromGeoJson({ type: 'FeatureCollection', features: tracks });
  if (points.t.length !== doc.getElementsByTagName('trkpt').length) {
    throw badRequest('invalid_gpx', 'Some GPX track points have no valid lat/lon attributes.');
  }
  return points;
}
