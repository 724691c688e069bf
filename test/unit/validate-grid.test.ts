// The planner's live check agrees with what the server refuses: the same kinds of problem, the same dust rule.
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { validateGrid, validateSplitLine } from '../../client/grid-editor/validate-grid.ts';

// Near Yongren, where 1e-5 degrees is about a metre.
const X = 101.6;
const Y = 26.0;
const square = (x0: number, y0: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]],
});
const feature = (geometry: Polygon, code: string): Feature<Polygon, { code: string; group_code: string }> =>
  ({ type: 'Feature', geometry, properties: { code, group_code: '532327101201001' } });
const group = { type: 'Feature' as const, geometry: square(X, Y, 0.01), properties: { code: '532327101201001' } };
const kinds = (p: { kind: string }[]) => p.map((x) => x.kind).sort();

describe('validateGrid', () => {
  it('accepts a grid that fits its gap', () => {
    const neighbour = feature(square(X, Y, 0.001), 'n1');
    expect(validateGrid(square(X + 0.001, Y, 0.001), { neighbours: [neighbour], parent: group })).toEqual([]);
  });

  it('points at the crossing of a bow-tie', () => {
    const bowtie: Polygon = { type: 'Polygon', coordinates: [[[X, Y], [X + 0.002, Y + 0.002], [X, Y + 0.002], [X + 0.002, Y], [X, Y]]] };
    const problems = validateGrid(bowtie, { neighbours: [], parent: group });
    expect(kinds(problems)).toEqual(['kink']);
    expect((problems[0].where as { coordinates: number[] }).coordinates[0]).toBeCloseTo(X + 0.001, 9);
  });

  it('shows an overlap with a neighbour and the part outside the group', () => {
    const neighbour = feature(square(X, Y, 0.001), 'n1');
    const problems = validateGrid(square(X + 0.0005, Y + 0.0005, 0.001), { neighbours: [neighbour], parent: group });
    expect(kinds(problems)).toEqual(['overlap']);
    expect(problems[0].neighbour).toBe('n1');
    expect(problems[0].size).toBeGreaterThan(2000); // about 50 m × 50 m
    const outside = validateGrid(square(X - 0.0005, Y + 0.002, 0.001), { neighbours: [], parent: group });
    expect(kinds(outside)).toEqual(['outside']);
  });

  it('ignores dust: a hair-thin sliver of overlap along a shared edge is trimmed by the server', () => {
    const neighbour = feature(square(X, Y, 0.001), 'n1');
    // 1e-7 degrees (1 cm) into the neighbour along a 100 m edge: 1 m² of area, but dust.
    const draft = square(X + 0.001 - 1e-7, Y, 0.001);
    expect(validateGrid(draft, { neighbours: [neighbour], parent: group })).toEqual([]);
  });

  it('flags grids too small or too thin', () => {
    expect(kinds(validateGrid(square(X + 0.005, Y + 0.005, 0.00005), { neighbours: [], parent: group }))).toEqual(['too_small']);
    const thin: Polygon = { type: 'Polygon', coordinates: [[[X, Y], [X + 0.005, Y], [X + 0.005, Y + 0.00003], [X, Y + 0.00003], [X, Y]]] };
    expect(kinds(validateGrid(thin, { neighbours: [], parent: group }))).toEqual(['thin']);
  });
});

describe('validateSplitLine', () => {
  const grid = square(X, Y, 0.001);
  it('accepts a line across the grid and refuses one that stops inside', () => {
    expect(validateSplitLine({ type: 'LineString', coordinates: [[X - 0.001, Y + 0.0005], [X + 0.002, Y + 0.0005]] }, grid)).toEqual([]);
    expect(validateSplitLine({ type: 'LineString', coordinates: [[X - 0.001, Y + 0.0005], [X + 0.0005, Y + 0.0005]] }, grid)
      .map((p) => p.kind)).toEqual(['no_split']);
  });
});
