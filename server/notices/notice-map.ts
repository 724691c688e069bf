// The map of a notice as inline SVG, drawn from geometry PostGIS already projected into the frame: deterministic,
// no WebGL, no tiles, no fonts to load. Grids coloured by kind with their row numbers, the administrative outlines,
// a north arrow, a scale bar and a legend of the kinds shown.
import type { NoticeData } from './notices.ts';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The web map's colours for the grid kinds (client/grids/grid-layers.ts), so paper and screen agree. */
export const KIND_COLOURS: Record<string, string> = {
  residential: '#7cc47f', compound: '#e98fb0', enterprise: '#6f9fd8', park: '#a98bd6', market: '#f0a95a', project: '#c9b04a',
};
export const KIND_ZH: Record<string, string> = {
  residential: '居民网格', enterprise: '企业网格', park: '园区网格', market: '市场网格', compound: '小区（单位）网格', project: '项目网格',
};

/** The longest 1, 2 or 5 × 10ⁿ metres not over the target. */
function niceMetres(target: number): number {
  const p = 10 ** Math.floor(Math.log10(target));
  return [5, 2, 1].map((m) => m * p).find((v) => v <= target) ?? p;
}

function scaleBar(width: number, metresPerMm: number): string {
  const metres = niceMetres((width * 0.22) * metresPerMm);
  const length = metres / metresPerMm;
  const x = 4;
  const y = -5;
  const words = metres >= 1000 ? `${metres / 1000} 公里` : `${metres} 米`;
  const half = length / 2;
  return `<g class="scale-bar" font-size="2.6">
<rect x="${x - 1.5}" y="${y - 6.5}" width="${(length + 14).toFixed(2)}" height="9" fill="#fff" fill-opacity=".85"/>
<rect x="${x}" y="${y}" width="${half.toFixed(2)}" height="1.2" fill="#111"/>
<rect x="${(x + half).toFixed(2)}" y="${y}" width="${half.toFixed(2)}" height="1.2" fill="#fff" stroke="#111" stroke-width=".25"/>
<text x="${x}" y="${y - 1.2}" text-anchor="middle">0</text>
<text x="${(x + length).toFixed(2)}" y="${y - 1.2}" text-anchor="middle">${esc(words)}</text></g>`.replace(/\n/g, '');
}

function northArrow(width: number, height: number): string {
  const x = width - 9;
  const y = -height + 4;
  return `<g class="north-arrow"><circle cx="${x}" cy="${y + 6}" r="6" fill="#fff" fill-opacity=".85"/>`
    + `<path d="M${x} ${y + 1} L${x + 3} ${y + 10} L${x} ${y + 8} Z" fill="#111"/>`
    + `<path d="M${x} ${y + 1} L${x - 3} ${y + 10} L${x} ${y + 8} Z" fill="#fff" stroke="#111" stroke-width=".3"/>`
    + `<text x="${x}" y="${y + 0.2}" font-size="3.2" font-weight="bold" text-anchor="middle">北</text></g>`;
}

function legend(width: number, kinds: string[]): string {
  const rowH = 3.6;
  const w = 30;
  const x = width - w - 2;
  const y = -2 - rowH * kinds.length - 1;
  return `<g class="legend" font-size="2.5"><rect x="${x}" y="${y}" width="${w}" height="${rowH * kinds.length + 1.5}" fill="#fff" fill-opacity=".85" stroke="#999" stroke-width=".2"/>`
    + kinds.map((k, i) => `<rect x="${x + 1.5}" y="${y + 1 + i * rowH}" width="4" height="2.6" fill="${KIND_COLOURS[k] ?? '#bbb'}" stroke="#333" stroke-width=".15"/>`
      + `<text x="${x + 7}" y="${y + 3.2 + i * rowH}">${esc(KIND_ZH[k] ?? k)}</text>`).join('') + '</g>';
}

/** The map SVG; grid i (1-based, in table order) is labelled i. */
export function noticeMap(n: NoticeData): string {
  const { width, height, metresPerMm } = n.frame;
  const labelSize = n.grids.length <= 12 ? 4 : n.grids.length <= 60 ? 2.6 : n.grids.length <= 150 ? 2 : 1.6;
  const fills = n.grids.map((g) => `<path d="${g.path}" fill="${KIND_COLOURS[g.kind] ?? '#bbb'}"/>`).join('');
  const lines = n.grids.map((g) => `<path d="${g.path}"/>`).join('');
  // The notice's own unit is outlined red; a village's groups dashed, with their names.
  const groups = n.outlines.filter((o) => o.code !== n.code);
  const own = n.outlines.filter((o) => o.code === n.code);
  const labels = n.grids.map((g, i) => `<text x="${g.lx}" y="${g.ly}">${i + 1}</text>`).join('');
  // The group names matter on a village's notice, where the grids' numbers alone do not say which group is which.
  const groupLabels = groups.map((o) => `<text x="${o.lx}" y="${o.ly}">${esc(shortName(o.name, n.chain.at(-1)?.name ?? ''))}</text>`).join('');
  const kinds = [...new Set(n.grids.map((g) => g.kind))].sort();
  return `<svg class="notice-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 ${-height} ${width} ${height}" width="${width}mm" height="${height}mm" font-family="inherit">`
    + `<rect x="0" y="${-height}" width="${width}" height="${height}" fill="#fbfbf8"/>`
    + `<g fill-opacity=".5" stroke="none">${fills}</g>`
    + `<g fill="none" stroke="#444" stroke-width=".18" stroke-linejoin="round">${lines}</g>`
    + `<g fill="none" stroke="#111" stroke-width=".45" stroke-dasharray="2 .8">${groups.map((o) => `<path d="${o.path}"/>`).join('')}</g>`
    + `<g fill="none" stroke="#b3261e" stroke-width=".8">${own.map((o) => `<path d="${o.path}"/>`).join('')}</g>`
    + `<g font-size="${labelSize}" text-anchor="middle" dominant-baseline="central" fill="#111" stroke="#fff" stroke-width="${labelSize / 5}" paint-order="stroke">${labels}</g>`
    + `<g font-size="3.4" font-weight="bold" text-anchor="middle" fill="#5a1a14" stroke="#fff" stroke-width=".7" paint-order="stroke" fill-opacity=".9">${groupLabels}</g>`
    + northArrow(width, height) + scaleBar(width, metresPerMm) + legend(width, kinds)
    + `<rect x="0" y="${-height}" width="${width}" height="${height}" fill="none" stroke="#333" stroke-width=".4"/></svg>`;
}

/** A name without the notice's own unit name in front (大坝村一组8号网格 → 一组8号网格 on 大坝村's notice). */
export function shortName(name: string, prefix: string): string {
  return prefix && name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
}
