/** Unit codes nest by prefix: county 6 digits, township 9, village 12, village group 15, micro-grid 17. */
export const LEVEL_LENGTHS = { county: 6, township: 9, village: 12, group: 15, grid: 17 } as const;
export type Level = keyof typeof LEVEL_LENGTHS;

const ORDER = Object.keys(LEVEL_LENGTHS) as Level[];

export const levelOf = (code: string): Level | undefined => ORDER.find((l) => LEVEL_LENGTHS[l] === code.length);

/** The level one down from a unit's, whose units the statistics are broken down by; none under a grid. */
export function levelBelow(code: string): Level | undefined {
  const level = levelOf(code);
  return level && ORDER[ORDER.indexOf(level) + 1];
}

/** The codes from `top` down to `code`, both included: the drill-down breadcrumb. */
export const codePath = (top: string, code: string): string[] =>
  ORDER.map((l) => LEVEL_LENGTHS[l]).filter((n) => n >= top.length && n <= code.length).map((n) => code.slice(0, n));
