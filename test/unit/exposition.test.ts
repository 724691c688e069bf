import { describe, expect, it } from 'vitest';
import { mergeExpositions } from '../../server/metrics/exposition.ts';
import { TileMetrics } from '../../server/tiles/tile-metrics.ts';

function figures(hits: number, up: number): string {
  const m = new TileMetrics(() => ({ gw_tile_listener_up: ['1 while the listener is connected', up] }));
  for (let i = 0; i < hits; i++) m.answer('grid', 14, 'hit', 0.002, 100);
  return m.text();
}

describe('mergeExpositions', () => {
  const text = mergeExpositions([{ process: 1, text: figures(3, 1) }, { process: 2, text: figures(5, 0) }]);
  const lines = text.trimEnd().split('\n');

  it('labels every sample with its process', () => {
    expect(lines).toContain('gw_tile_requests_total{process="1",layer="grid",z="14",result="hit"} 3');
    expect(lines).toContain('gw_tile_requests_total{process="2",layer="grid",z="14",result="hit"} 5');
    expect(lines).toContain('gw_tile_listener_up{process="1"} 1');
    expect(lines).toContain('gw_tile_listener_up{process="2"} 0');
    expect(lines).toContain('gw_tile_seconds_bucket{process="2",layer="grid",z="14",le="+Inf"} 5');
    expect(lines.filter((l) => !l.startsWith('#')).every((l) => /^[a-z_]+\{process="[12]"[,}]/.test(l))).toBe(true);
  });

  it('writes each family once, HELP and TYPE first, the samples of both processes under them', () => {
    const types = lines.filter((l) => l.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
    expect(types.length).toBe(lines.filter((l) => l.startsWith('# HELP ')).length);
    const family = (name: string) => {
      const start = lines.indexOf(lines.find((l) => l.startsWith(`# HELP ${name} `))!);
      const end = lines.findIndex((l, i) => i > start + 1 && l.startsWith('# HELP '));
      return lines.slice(start, end < 0 ? undefined : end);
    };
    const seconds = family('gw_tile_seconds');
    expect(seconds[1]).toBe('# TYPE gw_tile_seconds histogram');
    expect(seconds.filter((l) => l.startsWith('gw_tile_seconds_count')))
      .toEqual(['gw_tile_seconds_count{process="1",layer="grid",z="14"} 3', 'gw_tile_seconds_count{process="2",layer="grid",z="14"} 5']);
  });

  it('is the one process\'s text, labelled, when there is one', () => {
    expect(mergeExpositions([{ process: 1, text: figures(2, 1) }]).split('\n').filter((l) => l.startsWith('# TYPE')).length)
      .toBe(figures(2, 1).split('\n').filter((l) => l.startsWith('# TYPE')).length);
  });
});
