/**
 * The server's Prometheus metrics and the /metrics route: snapshot age and version, whether
 * the source is stale, recompute duration, watch restarts (live source), SSE clients and a
 * request latency histogram per route. The SSE route is left out of latencies (a stream's
 * lifetime is not a latency).
 */
import type { FastifyInstance } from 'fastify';
import type { CacheRegistry, CacheStats } from '@accessgraph/model';
import type { SnapshotStore } from '../snapshot/snapshotStore.ts';
import { Counter, Gauge, Histogram, PROMETHEUS_CONTENT_TYPE, ReadCounter, type Metric } from './prometheus.ts';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const RECOMPUTE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class ServerMetrics {
  readonly requestDuration = new Histogram('accessgraph_http_request_duration_seconds', 'HTTP request latency by method, route and status.', LATENCY_BUCKETS);
  readonly recomputeDuration = new Histogram('accessgraph_recompute_duration_seconds', 'Time to rebuild a snapshot (parse, index, analyse, default graph).', RECOMPUTE_BUCKETS);
  readonly watchRestarts = new Counter('accessgraph_watch_restarts_total', 'Live source: watches restarted, by resource and reason (error, expired, relist).');
  readonly checkAnswers = new Counter('accessgraph_check_answers_total', 'POST /api/v1/check answers, by whether the snapshot\'s answer cache had them (cache: hit, miss).');
  private readonly gauges: Metric[] = [];

  /** Gauges that read the store at scrape time. */
  attach(store: SnapshotStore, sse: { readonly size: number; readonly dropped: number; readonly refused: number }, caches?: CacheRegistry): void {
    const now = () => Date.now();
    this.gauges.push(
      new Gauge('accessgraph_snapshot_version', 'Version of the current snapshot (0 before the first).', () => [{ value: store.current()?.version ?? 0 }]),
      new Gauge('accessgraph_snapshot_age_seconds', 'Seconds since the current snapshot was taken.', () => {
        const s = store.current();
        return s ? [{ value: (now() - s.takenAt.getTime()) / 1000 }] : [];
      }),
      new Gauge('accessgraph_source_stale', '1 when the source stopped answering and the last snapshot is served.', () => [{ value: store.currentHealth.stale ? 1 : 0 }]),
      new Gauge('accessgraph_source_stale_seconds', 'Seconds since the source last answered, while stale (0 otherwise).', () => {
        const h = store.currentHealth;
        return [{ value: h.stale ? (now() - h.since.getTime()) / 1000 : 0 }];
      }),
      new Gauge('accessgraph_layer_unknown', '1 when a layer of the current snapshot could not be read.', () => {
        const s = store.current();
        if (!s) return [];
        return (['l4', 'l7'] as const).map((layer) => ({ labels: { layer }, value: s.layers[layer].state === 'unknown' ? 1 : 0 }));
      }),
      new Gauge('process_resident_memory_bytes', 'Resident set size of the server process.', () => [{ value: process.memoryUsage.rss() }]),
      new Gauge('nodejs_heap_size_used_bytes', 'V8 heap in use.', () => [{ value: process.memoryUsage().heapUsed }]),
      new Gauge('nodejs_heap_size_total_bytes', 'V8 heap reserved.', () => [{ value: process.memoryUsage().heapTotal }]),
      new Gauge('nodejs_external_memory_bytes', 'Memory of Buffers and other objects outside the V8 heap.', () => [{ value: process.memoryUsage().external }]),
      new Gauge('accessgraph_sse_clients', 'Open /api/v1/events streams.', () => [{ value: sse.size }]),
      new ReadCounter('accessgraph_sse_dropped_total', 'Event streams dropped because the client fell too far behind (--sse-buffer).', () => [{ value: sse.dropped }]),
      new ReadCounter('accessgraph_sse_refused_total', 'Event streams refused past the client limit (--sse-max-clients).', () => [{ value: sse.refused }]),
    );
    if (caches) {
      const per = (read: (c: CacheStats) => number) => () => caches.all().map((c) => ({ labels: { cache: c.name }, value: read(c) }));
      this.gauges.push(
        new Gauge('accessgraph_cache_bytes', 'Bytes held by a response cache (cache: check, graph).', per((c) => c.bytes)),
        new Gauge('accessgraph_cache_max_bytes', 'Byte budget of a response cache.', per((c) => c.maxBytes)),
        new Gauge('accessgraph_cache_entries', 'Entries in a response cache.', per((c) => c.entries)),
        // A counter read at scrape time: evictions only ever grow.
        new ReadCounter('accessgraph_cache_evictions_total', 'Entries a response cache evicted to stay within its budget (least recently used first).', per((c) => c.evictions)),
      );
    }
  }

  text(): string {
    return [this.requestDuration, this.recomputeDuration, this.watchRestarts, this.checkAnswers, ...this.gauges].map((m) => m.text()).join('');
  }
}

export function registerMetrics(app: FastifyInstance, metrics: ServerMetrics, skipRoutes: readonly string[]): void {
  const skip = new Set(skipRoutes);
  // A callback hook, not an async one: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'not-found';
    if (!skip.has(route)) metrics.requestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(metrics.text()));
}
