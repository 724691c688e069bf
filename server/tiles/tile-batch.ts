import type { Pool } from '../db/pool.ts';
import type { TileLayer } from './tile-layers.ts';
import { renderTile, renderTiles, type RenderedTile, type TileAddress, type TimeWindow } from './tiles.ts';

export interface TileBatchLimits {
  /** Tile queries running at once; a miss beyond them waits, and waiting misses go together in the next query. */
  queries: number;
  /** Tiles in one query at most, so one query stays well inside the statement timeout. */
  batch: number;
  /**
   * Database time one query should take at most, judged by what tiles of the same layer and zoom took before. A
   * batch saves each tile the fixed cost of a query (round trip, bind, executor start: a tenth of a millisecond or
   * two), which matters only for tiles of a few milliseconds; every tile of a batch waits for all of it; and 32
   * heavy tiles (a province at low zoom, a few hundred milliseconds each) would pass the tile pool's statement
   * timeout and fail together. So heavier tiles go fewer to a query, down to one, and a tile of a layer and zoom
   * not yet timed goes alone. Unset: no such limit.
   */
  budgetMs?: number;
}

interface Waiting extends TileAddress {
  resolve(tile: RenderedTile): void;
  reject(err: unknown): void;
}

/** Misses that can share a query: same layer, scope and window. */
interface Group {
  layer: TileLayer;
  scope: string;
  window: TimeWindow;
  waiting: Waiting[];
}

/**
 * Makes tiles that are not cached, batching under load and only then. Misses wait for the end of the event loop's
 * turn that read them (setImmediate: after the poll phase, no timer); then, while fewer than `queries` tile queries
 * run, they start at once, shared out over the free queries (on a quiet server a lone miss is a query of its own, a
 * turn later). When all queries are busy, misses wait, and each query that ends starts the next one with what one
 * group has waiting (up to `batch`, within `budgetMs`), so the busier the server, the more tiles each query carries
 * and the less each tile costs. Groups take turns, so a flood on one layer does not starve another.
 */
export class TileBatcher {
  private running = 0;
  /** Whether a start of queries is already due at the end of this turn. */
  private due = false;
  /** In turn order: a group that still has tiles waiting after its turn goes to the back. */
  private readonly groups = new Map<string, Group>();
  /** Milliseconds a tile of a layer and zoom (`grid/9`) has taken, a moving average over the queries that made it. */
  private readonly msPerTile = new Map<string, number>();

  /** onQuery: told of each query, with the number of tiles it carries (metrics). */
  constructor(private readonly db: Pool, private readonly limits: TileBatchLimits,
              private readonly onQuery: (layer: string, tiles: number) => void = () => {}) {}

  render(layer: TileLayer, z: number, x: number, y: number, scope: string, window: TimeWindow): Promise<RenderedTile> {
    return new Promise((resolve, reject) => {
      const key = `${layer.name}\n${scope}\n${window.from?.toISOString() ?? ''}\n${window.to?.toISOString() ?? ''}`;
      let group = this.groups.get(key);
      if (!group) this.groups.set(key, (group = { layer, scope, window, waiting: [] }));
      group.waiting.push({ z, x, y, resolve, reject });
      if (!this.due && this.running < this.limits.queries) {
        this.due = true;
        setImmediate(() => {
          this.due = false;
          while (this.running < this.limits.queries && this.groups.size > 0) this.next();
        });
      }
    });
  }

  /** Tiles waiting for a query, for the metrics. */
  get waiting(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.waiting.length;
    return n;
  }

  private async run<T>(query: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await query();
    } finally {
      this.running--;
      this.next();
    }
  }

  private next(): void {
    const first = this.groups.entries().next();
    if (first.done) return;
    const [key, group] = first.value;
    this.groups.delete(key);
    const taken = this.take(group);
    if (group.waiting.length > 0) this.groups.set(key, group);
    const { layer, scope, window } = group;
    // A batch fails or succeeds as a whole (one statement): a timeout fails every tile in it.
    this.onQuery(layer.name, taken.length);
    const made = taken.length === 1
      ? () => renderTile(this.db, layer, taken[0].z, taken[0].x, taken[0].y, scope, window).then((t) => [t])
      : () => renderTiles(this.db, layer, taken, scope, window);
    // Timed before the next query is chosen. A failed query, by a timeout above all, took at least this long too.
    const query = async () => {
      const startedAt = performance.now();
      try {
        return await made();
      } finally {
        this.timed(layer, taken, performance.now() - startedAt);
      }
    };
    void this.run(query).then(
      (tiles) => taken.forEach((t, i) => t.resolve(tiles[i])),
      (err) => taken.forEach((t) => t.reject(err)),
    );
  }

  /**
   * The next query's tiles, in the order asked: up to `batch`, within the time budget, and no more than their share
   * of the free queries (tiles in one query are made one after another by one backend, so misses that arrive
   * together on a quiet server are spread over the queries it may run at once). At least one.
   */
  private take(group: Group): Waiting[] {
    const free = Math.max(1, this.limits.queries - this.running);
    const batch = Math.min(this.limits.batch, Math.ceil(group.waiting.length / free));
    const { budgetMs } = this.limits;
    if (budgetMs === undefined) return group.waiting.splice(0, batch);
    let n = 0;
    let spent = 0;
    for (const t of group.waiting) {
      const ms = this.msPerTile.get(`${group.layer.name}/${t.z}`) ?? budgetMs;
      if (n === batch || (n > 0 && spent + ms > budgetMs)) break;
      spent += ms;
      n++;
    }
    return group.waiting.splice(0, n);
  }

  /**
   * A query's time shared out over its tiles in proportion to what each was expected to take (equally when one was
   * not known), so a heavy tile sharing a query with light ones is not taken for light the next time.
   */
  private timed(layer: TileLayer, tiles: TileAddress[], ms: number): void {
    const key = (z: number) => `${layer.name}/${z}`;
    const expected = tiles.map((t) => this.msPerTile.get(key(t.z)));
    const known = expected.every((e) => e !== undefined && e > 0);
    const scale = known ? ms / expected.reduce((sum: number, e) => sum + e!, 0) : ms / tiles.length;
    for (const z of new Set(tiles.map((t) => t.z))) {
      const before = this.msPerTile.get(key(z));
      const took = known ? before! * scale : scale;
      this.msPerTile.set(key(z), before === undefined ? took : 0.7 * before + 0.3 * took);
    }
  }
}
