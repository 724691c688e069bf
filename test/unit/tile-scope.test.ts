import { describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor.ts';
import { simplifyTolerance, tileLayers } from '../../server/tiles/tile-layers.ts';
import { tileScope } from '../../server/tiles/tiles.ts';

const actor = (jurisdiction: string): Actor => ({
  userId: 1, username: 'u', displayName: 'u', role: 'leader', jurisdiction, personId: null, departmentCode: null,
});
const grid = tileLayers.get('grid')!;
const hazard = tileLayers.get('hazard')!;

describe('tileScope', () => {
  it('shows public layers to everyone, optionally for one county', () => {
    expect(tileScope(grid, undefined, undefined)).toBe('');
    expect(tileScope(grid, undefined, '532327')).toBe('532327');
  });
  it('keeps private layers from anonymous users', () => {
    expect(tileScope(hazard, undefined, undefined)).toBeNull();
  });
  it('scopes private layers to the actor\'s jurisdiction', () => {
    expect(tileScope(hazard, actor('532327101'), undefined)).toBe('532327101');
    expect(tileScope(hazard, actor('532327101'), '532327')).toBe('532327101');
    expect(tileScope(hazard, actor('532327101'), '110101')).toBeNull();
  });
});

describe('simplifyTolerance', () => {
  it('halves with every zoom level and is about half a pixel', () => {
    expect(simplifyTolerance(9) / simplifyTolerance(10)).toBeCloseTo(2);
    // At z0 a tile is the world's circumference wide in 4,096 units.
    expect(simplifyTolerance(0)).toBeCloseTo(40075016.686 / 4096 / 2, 3);
  });
});
