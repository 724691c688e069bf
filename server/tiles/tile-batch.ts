import type { Pool } from '../db/pool.ts';
import type { TileLayer } from './tile-layers.ts';
import { renderTile, renderTiles, type RenderedTile, type TileAddress, type TimeWindow } from './tiles.ts';

export interface TileBatchLimits {
  /** Tile queries running at once; a miss beyond them waits, and waiting misses go together in the next query. */
  queries: number;
  /** Tiles in one query at most, so one query stays well inside the statement timeout. */
  batch: number;
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
 * turn that read them (setImmediate: after the poll phase, no timer), so the requests that arrived together go to the
 * database together; while fewer than `queries` tile queries run, they start at once, and on a quiet server a lone
 * miss is a query of its own, a turn later. When all queries are busy, misses wait, and each query that ends starts
 * the next one with everything one group has waiting (up to `batch`), so the busier the server, the more tiles each
 * query carries and the less each tile costs. Groups take turns, so a flood on one layer does not starve another.
 */
export class TileBatcher {
  private running = 0;
  /** Whether a start of queries is already due at the end of this turn. */
  private due = false;
  /** In turn order: a group that still has tiles waiting after its turn goes to the back. */
  private readonly groups = new Map<string, Group>();

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
    const taken = group.waiting.splice(0, this.limits.batch);
    if (group.waiting.length > 0) this.groups.set(key, group);
    const { layer, scope, window } = group;
    // A batch fails or succeeds as a whole (one statement): a timeout fails every tile in it.
    this.onQuery(layer.name, taken.length);
    const query = taken.length === 1
      ? () => renderTile(this.db, layer, taken[0].z, taken[0].x, taken[0].y, scope, window).then((t) => [t])
      : () => renderTiles(this.db, layer, taken, scope, window);
    void this.run(query).then(
      (tiles) => taken.forEach((t, i) => t.resolve(tiles[i])),
      (err) => taken.forEach((t) => t.reject(err)),
    );
  }
}
