import pg from 'pg';
import type { Box } from './tile-bounds.ts';

export const TILE_CHANNEL = 'gw_tiles';

export interface TileChange {
  layers: string[];
  /** EPSG:3857; null: the layers changed everywhere. */
  box: Box | null;
}

/** A notification's payload (migration 0017), or null when it is not one we understand. */
export function parseChange(payload: string | undefined): TileChange | null {
  try {
    const p = JSON.parse(payload ?? '') as { layers?: unknown; bbox?: unknown };
    if (!Array.isArray(p.layers) || !p.layers.every((l) => typeof l === 'string')) return null;
    if (p.bbox === null) return { layers: p.layers, box: null };
    if (Array.isArray(p.bbox) && p.bbox.length === 4 && p.bbox.every((n) => typeof n === 'number')) {
      return { layers: p.layers, box: p.bbox as Box };
    }
    return null;
  } catch {
    return null;
  }
}

const MAX_BACKOFF_MS = 30_000;

/**
 * LISTEN gw_tiles on a connection of its own (a pooled one would be handed to queries and miss messages). While it
 * is down, notifications are lost, so `up` is false and the cache must neither serve nor keep tiles; every
 * (re)connect calls onReset, since what changed in between is unknown. Reconnects with a growing pause.
 */
export class TileListener {
  private client: pg.Client | null = null;
  private backoff = 500;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  up = false;

  constructor(private readonly url: string, private readonly onChange: (change: TileChange) => void,
              private readonly onReset: () => void) {}

  /** Resolves after the first attempt, connected or not; a failed one is retried in the background. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'gridwatch tile listener' });
    this.client = client;
    client.on('notification', (msg) => {
      if (msg.channel !== TILE_CHANNEL) return;
      const change = parseChange(msg.payload);
      // A payload we cannot read still says something changed: forget everything rather than guess.
      if (change) this.onChange(change);
      else this.onReset();
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${TILE_CHANNEL}`);
      this.onReset();
      this.up = true;
      this.backoff = 500;
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  /**
   * Waits until every notification committed before the call has been handled: a round trip on the listening
   * connection, since the server sends pending notifications ahead of the answer. Writes in this process call it
   * before answering, so the next tile request of the same user sees their edit.
   */
  async fence(timeoutMs = 1000): Promise<void> {
    if (!this.up || !this.client) return;
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.query('select 1').then(() => undefined, () => undefined),
      new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); }),
    ]);
    clearTimeout(timer);
  }

  private lost(client: pg.Client, err: Error): void {
    if (client !== this.client) return;
    this.client = null;
    const wasUp = this.up;
    this.up = false;
    this.onReset();
    client.end().catch(() => {});
    if (this.stopped) return;
    if (wasUp) console.error(`tile listener lost its connection (${err.message}); tiles uncached until it is back`);
    this.timer = setTimeout(() => { this.timer = null; void this.start(); }, this.backoff);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    this.up = false;
    await client?.end().catch(() => {});
  }
}
