import { createHash, hash, randomBytes } from 'node:crypto';
import type { Pool } from '../db/pool.ts';
import { TileCache, type CachedTile } from './tile-cache.ts';
import { tileLayers, type TileLayer } from './tile-layers.ts';
import { TileListener } from './tile-listener.ts';
import { TileMetrics, type TileResult } from './tile-metrics.ts';
import { TileBatcher, type TileBatchLimits } from './tile-batch.ts';
import type { TimeWindow } from './tiles.ts';

export interface TileServiceOptions {
  /** Memory for rendered tiles, in bytes. */
  cacheBytes?: number;
  /** A tile larger than this is still served, but counted and logged: its layer needs a lower cap or simpler geometry. */
  byteBudget?: number;
  /** How misses go to the database (tile-batch.ts); at most `queries` connections of the tile pool at once. */
  batch?: TileBatchLimits;
}

export interface TileAnswer {
  tile: CachedTile;
  etag: string;
  result: TileResult;
}

const sha1 = (text: string) => hash('sha1', text, 'base64url').slice(0, 16);

/**
 * Tiles through the cache: a hit costs a map lookup, concurrent misses of one tile share one query, misses of
 * different tiles go to the database together when it is busy (tile-batch.ts), and a 304 is answered from the layer
 * version alone. Caching is on only while the change listener is connected; without it
 * (none started, or its connection lost) every tile is made afresh and tagged by its content, as before the cache.
 */
export class TileService {
  readonly cache: TileCache;
  readonly metrics: TileMetrics;
  private listener: TileListener | null = null;
  private readonly inflight = new Map<string, Promise<TileAnswer>>();
  /** Tags of this process only: versions restart at 0 with it, and another process counts its own. */
  private readonly boot = randomBytes(6).toString('base64url');
  /** Bumped by every reset, so a query begun before one cannot store what it read. */
  private generation = 0;
  private readonly byteBudget: number;
  private readonly batcher: TileBatcher;

  constructor(db: Pool, options: TileServiceOptions = {}) {
    this.cache = new TileCache(options.cacheBytes ?? 128 * 1024 * 1024, [...tileLayers.keys()]);
    this.byteBudget = options.byteBudget ?? 1024 * 1024;
    this.metrics = new TileMetrics(() => ({
      gw_tile_cache_entries: ['Tiles held in memory', this.cache.entries],
      gw_tile_cache_bytes: ['Bytes the held tiles take (with a per-entry overhead)', this.cache.bytes],
      gw_tile_cache_max_bytes: ['The memory bound of the tile cache', this.cache.maxBytes],
      gw_tile_queue: ['Tiles waiting for a tile query (they go together in the next one)', this.batcher.waiting],
      gw_tile_listener_up: ['1 while the change listener is connected (the cache is in use only then)', this.caching ? 1 : 0],
    }));
    const sizes = (n: number) => (n === 1 ? '1' : n <= 4 ? '2-4' : n <= 16 ? '5-16' : '17+');
    this.batcher = new TileBatcher(db, options.batch ?? { queries: 2, batch: 32, budgetMs: 50 },
      (layer, n) => this.metrics.queries.inc({ layer, tiles: sizes(n) }));
  }

  /** Starts following changes (LISTEN gw_tiles) on a connection of its own; from then on tiles are cached. */
  async listen(url: string): Promise<void> {
    this.listener = new TileListener(url, ({ layers, box }) => {
      this.metrics.notifications.inc({});
      for (const [layer, n] of this.cache.purge(layers, box)) this.metrics.purged.inc({ layer }, n);
    }, () => {
      this.generation++;
      this.cache.clear();
    });
    await this.listener.start();
  }

  get caching(): boolean {
    return this.listener?.up ?? false;
  }

  /** See TileListener.fence: after it, changes committed before are purged. */
  fence(): Promise<void> {
    return this.listener?.fence() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.listener?.stop();
  }

  /** Everything that makes two answers differ: layer, tile, scope (a jurisdiction sees its own rows) and window. */
  key(layer: TileLayer, z: number, x: number, y: number, scope: string, window: TimeWindow): string {
    const w = layer.timeWindow ? `${window.from?.toISOString() ?? ''}/${window.to?.toISOString() ?? ''}` : '';
    return `${layer.name}/${z}/${x}/${y}/${scope}/${w}`;
  }

  private epoch(layer: TileLayer): number {
    return layer.freshForMs ? Math.floor(Date.now() / layer.freshForMs) : 0;
  }

  /** The tag of a key at a layer version; the key is hashed, so a jurisdiction does not show in it. */
  private tag(keyHash: string, version: number, epoch: number): string {
    return `"${this.boot}.${version}.${epoch}.${keyHash}"`;
  }

  /** The tag a current copy of the tile would have, or null when tags are by content (cache off). */
  currentTag(layer: TileLayer, key: string): string | null {
    return this.caching ? this.tag(sha1(key), this.cache.version(layer.name), this.epoch(layer)) : null;
  }

  /** The held copy of a tile if it is current: no query, no promise (the front answers hits without a tick). */
  peek(layer: TileLayer, key: string): TileAnswer | null {
    if (!this.caching) return null;
    const epoch = this.epoch(layer);
    const cached = this.cache.get(key);
    return cached?.epoch === epoch ? this.held(layer, cached, 'hit') : null;
  }

  /** A held tile as an answer, tagged with the layer's version and the clock period it was made in. */
  private held(layer: TileLayer, cached: CachedTile, result: TileResult): TileAnswer {
    return { tile: cached, etag: this.tag(cached.keyHash, this.cache.version(layer.name), cached.epoch), result };
  }

  async tile(layer: TileLayer, z: number, x: number, y: number, scope: string, window: TimeWindow): Promise<TileAnswer> {
    const key = this.key(layer, z, x, y, scope, window);
    if (!this.caching) {
      const r = await this.render(layer, z, x, y, scope, window);
      const tile: CachedTile = { layer: layer.name, z, x, y, ...r, epoch: 0, keyHash: '' };
      return { tile, etag: `"${createHash('sha1').update(key).update(r.body).digest('base64url')}"`, result: 'uncached' };
    }
    const hit = this.peek(layer, key);
    if (hit) return hit;
    const epoch = this.epoch(layer);
    const stale = this.stale(layer, key, epoch);
    const pending = this.inflight.get(key);
    if (pending) {
      if (stale) return stale;
      return { ...(await pending), result: 'coalesced' };
    }
    const made = this.make(layer, key, z, x, y, scope, window, epoch);
    if (stale) {
      // Nobody awaits the refresh: if it fails, the next request is answered stale again and tries again.
      made.catch((err) => console.warn(`refreshing tile ${layer.name}/${z}/${x}/${y} failed: ${(err as Error).message}`));
      return stale;
    }
    return made;
  }

  /**
   * Stale-while-revalidate, where it is safe: a tile of a layer that reads the clock, still held (no edit touched it,
   * or the purge would have dropped it) and made in the clock period just gone, differs from a fresh one only by
   * what the clock changed in a minute. It is answered at once while a fresh one is made; any older, or any tile
   * an edit touched, waits for the database as always.
   */
  private stale(layer: TileLayer, key: string, epoch: number): TileAnswer | null {
    if (!layer.freshForMs) return null;
    const cached = this.cache.get(key);
    return cached?.epoch === epoch - 1 ? this.held(layer, cached, 'stale') : null;
  }

  /** Makes a tile (one query, shared by whoever asks meanwhile) and keeps it if nothing changed while it was made. */
  private make(layer: TileLayer, key: string, z: number, x: number, y: number, scope: string, window: TimeWindow,
               epoch: number): Promise<TileAnswer> {
    const version = this.cache.version(layer.name);
    const generation = this.generation;
    const made = (async (): Promise<TileAnswer> => {
      try {
        const r = await this.render(layer, z, x, y, scope, window);
        const keyHash = sha1(key);
        const tile: CachedTile = { layer: layer.name, z, x, y, body: r.body, features: r.features, epoch, keyHash };
        // A change that arrived while the query ran may or may not be in what it read: then the tile is served
        // under the old version (so its tag goes stale at once) and not kept.
        if (this.caching && this.generation === generation && this.cache.version(layer.name) === version) {
          this.cache.set(key, tile);
        }
        return { tile, etag: this.tag(keyHash, version, epoch), result: 'miss' };
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, made);
    return made;
  }

  private async render(layer: TileLayer, z: number, x: number, y: number, scope: string, window: TimeWindow) {
    const t0 = performance.now();
    const r = await this.batcher.render(layer, z, x, y, scope, window);
    this.metrics.rendered(layer.name, z, (performance.now() - t0) / 1000, r.features);
    if (r.features >= layer.cap) {
      this.metrics.budgetHits.inc({ layer: layer.name, z, budget: 'features' });
      console.warn(`tile ${layer.name}/${z}/${x}/${y} reached its cap of ${layer.cap} features; some were left out`);
    }
    if (r.body.length > this.byteBudget) {
      this.metrics.budgetHits.inc({ layer: layer.name, z, budget: 'bytes' });
      console.warn(`tile ${layer.name}/${z}/${x}/${y} is ${r.body.length} bytes, over the budget of ${this.byteBudget}`);
    }
    return r;
  }
}
