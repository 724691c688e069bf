import { LRUCache } from 'lru-cache';
import { intersects, tileEnvelope, type Box } from './tile-bounds.ts';

export interface CachedTile {
  layer: string;
  z: number;
  x: number;
  y: number;
  body: Buffer;
  features: number;
  /** The clock period it was made in, for layers that read the clock (0 for the others). */
  epoch: number;
  /** Its cache key hashed, as its ETag carries it: kept so a hit needs no hashing. */
  keyHash: string;
}

/** Rows within the tile queries' 64/4096 clip buffer change a tile too; a little more for rounding. */
const PURGE_MARGIN = 80 / 4096;
/** What an entry costs beyond its bytes (key, object, map slot), so a million empty tiles cannot pass as free. */
const ENTRY_OVERHEAD = 200;

/**
 * Rendered tiles in memory, bounded in bytes, least recently used out first; and a version per layer, bumped on
 * every change to it, that the ETag carries: a tag names "this tile as of layer version v", so answering 304 needs
 * neither the tile nor the database, and any purge of a layer makes the tags issued before it stale. Bumping the
 * whole layer (not the one tile) also drops tags of tiles the edit did not touch; those clients then get the cached
 * tile again with a 200, which is cheap and always right.
 */
export class TileCache {
  private readonly lru: LRUCache<string, CachedTile>;
  private readonly versions = new Map<string, number>();

  constructor(readonly maxBytes: number, private readonly layers: readonly string[]) {
    this.lru = new LRUCache<string, CachedTile>({
      maxSize: maxBytes,
      // A tile bigger than this would push out thousands of others; it is served, just not kept.
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      sizeCalculation: (t) => t.body.length + ENTRY_OVERHEAD,
    });
  }

  get(key: string): CachedTile | undefined {
    return this.lru.get(key);
  }

  set(key: string, tile: CachedTile): void {
    this.lru.set(key, tile);
  }

  version(layer: string): number {
    return this.versions.get(layer) ?? 0;
  }

  /**
   * Drops the layers' tiles whose envelope (with the clip margin) meets the box, at every zoom (null: all of them);
   * a scan of the cache, which is fine at the rate edits come. Returns how many went, per layer.
   */
  purge(layers: readonly string[], box: Box | null): Map<string, number> {
    const hit = new Set(layers);
    for (const layer of hit) this.versions.set(layer, this.version(layer) + 1);
    const doomed: string[] = [];
    const counts = new Map([...hit].map((l) => [l, 0]));
    for (const [key, t] of this.lru.entries()) {
      if (hit.has(t.layer) && (box === null || intersects(box, tileEnvelope(t.z, t.x, t.y, PURGE_MARGIN)))) {
        doomed.push(key);
        counts.set(t.layer, (counts.get(t.layer) ?? 0) + 1);
      }
    }
    for (const key of doomed) this.lru.delete(key);
    return counts;
  }

  /** Forgets everything, for when notifications may have been missed (the listening connection dropped). */
  clear(): void {
    for (const layer of this.layers) this.versions.set(layer, this.version(layer) + 1);
    this.lru.clear();
  }

  get entries(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }
}
