/**
 * The tile server's numbers, written out in the Prometheus text format (GET /metrics). Hand-written: a handful of
 * counters and two histograms do not need a client library, and the hot path pays one Map update per number.
 */

type Labels = Record<string, string | number>;

const labelText = (labels: Labels) =>
  Object.entries(labels).map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, '\\$&')}"`).join(',');

class Counter {
  private readonly values = new Map<string, { value: number }>();
  constructor(readonly name: string, readonly help: string) {}
  /** The number behind one set of labels, to keep and add to without formatting the labels again. */
  series(labels: Labels): { value: number } {
    const key = labelText(labels);
    let s = this.values.get(key);
    if (!s) this.values.set(key, (s = { value: 0 }));
    return s;
  }
  inc(labels: Labels, by = 1): void {
    this.series(labels).value += by;
  }
  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, s] of this.values) lines.push(`${this.name}{${key}} ${s.value}`);
    return lines.join('\n');
  }
}

/** Seconds, with buckets from a cache hit (well under a millisecond) to the statement timeout. */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface HistogramSeries { counts: number[]; sum: number; count: number }

class Histogram {
  private readonly series = new Map<string, HistogramSeries>();
  constructor(readonly name: string, readonly help: string) {}
  /** The buckets behind one set of labels, to keep and pass to add(). */
  seriesOf(labels: Labels): HistogramSeries {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    return s;
  }
  static add(s: HistogramSeries, seconds: number): void {
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) s.counts[i]++;
    s.sum += seconds;
    s.count++;
  }
  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of this.series) {
      BUCKETS.forEach((b, i) => lines.push(`${this.name}_bucket{${key},le="${b}"} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket{${key},le="+Inf"} ${s.count}`, `${this.name}_sum{${key}} ${s.sum}`,
        `${this.name}_count{${key}} ${s.count}`);
    }
    return lines.join('\n');
  }
}

export type TileResult = 'hit' | 'miss' | 'coalesced' | 'stale' | 'not_modified' | 'uncached';

export class TileMetrics {
  readonly requests = new Counter('gw_tile_requests_total',
    'Tile requests answered, by how: hit (memory), miss (one database query), coalesced (waited for a query another '
    + 'request started), stale (a clock-reading layer\'s tile of the minute just gone, answered while a fresh one is '
    + 'made), not_modified (304 from the ETag alone), uncached (cache off: listener down)');
  readonly seconds = new Histogram('gw_tile_seconds', 'Time to answer a tile request, from routing to the last byte handed over');
  readonly renderSeconds = new Histogram('gw_tile_render_seconds', 'Time of the database query that makes a tile');
  readonly queries = new Counter('gw_tile_queries_total',
    'Database queries that made tiles, by layer and by the number of tiles they carried (1, 2-4, 5-16, 17+): under load '
    + 'misses go together (tile-batch.ts)');
  readonly bytes = new Counter('gw_tile_bytes_total', 'Bytes of tiles sent (200 answers)');
  readonly features = new Counter('gw_tile_features_total', 'Features in the tiles made by the database');
  readonly budgetHits = new Counter('gw_tile_budget_hits_total',
    'Tiles that reached their layer\'s feature cap (features dropped) or the byte budget');
  readonly purged = new Counter('gw_tile_cache_purged_total', 'Cached tiles dropped because their data changed');
  readonly notifications = new Counter('gw_tile_notifications_total', 'Change notifications received on gw_tiles');
  readonly slow = new Counter('gw_tile_slow_total', 'Tile requests slower than 500 ms (each also logged)');

  private readonly answered = new Map<string, { requests: { value: number }; seconds: HistogramSeries; bytes: { value: number } }>();

  /** Counts one answered tile request: the label sets of a layer, zoom and result are formatted once, then kept. */
  answer(layer: string, z: number, result: TileResult, seconds: number, bytes: number): void {
    const key = `${layer}/${z}/${result}`;
    let h = this.answered.get(key);
    if (!h) {
      const labels = { layer, z };
      h = { requests: this.requests.series({ ...labels, result }), seconds: this.seconds.seriesOf(labels), bytes: this.bytes.series(labels) };
      this.answered.set(key, h);
    }
    h.requests.value++;
    Histogram.add(h.seconds, seconds);
    h.bytes.value += bytes;
  }

  private readonly made = new Map<string, { seconds: HistogramSeries; features: { value: number } }>();

  /** Counts one tile the database made (a batch's tiles each count the batch's time), label sets kept as above. */
  rendered(layer: string, z: number, seconds: number, features: number): void {
    const key = `${layer}/${z}`;
    let h = this.made.get(key);
    if (!h) {
      const labels = { layer, z };
      h = { seconds: this.renderSeconds.seriesOf(labels), features: this.features.series(labels) };
      this.made.set(key, h);
    }
    Histogram.add(h.seconds, seconds);
    h.features.value += features;
  }

  constructor(private readonly gauges: () => Record<string, [help: string, value: number]> = () => ({})) {}

  text(): string {
    const gauges = Object.entries(this.gauges()).map(([name, [help, v]]) =>
      `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${v}`);
    return [this.requests, this.seconds, this.renderSeconds, this.queries, this.bytes, this.features, this.budgetHits, this.purged,
      this.notifications, this.slow].map((m) => m.text()).concat(gauges).join('\n') + '\n';
  }
}
