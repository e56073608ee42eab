/**
 * The server's Prometheus metrics and the /metrics route, written by prom-client: the process and
 * Node.js runtime metrics it collects (process_*, nodejs_*: memory, CPU, event-loop lag, GC, open
 * handles), and ours: build info, snapshot age and version, whether the source is stale, layers
 * that could not be read, flows by protection class and findings by severity in the current
 * snapshot, recompute duration, watch restarts (live source), SSE clients, response caches, check
 * answers and a request latency histogram per route. The SSE route is left out of latencies (a
 * stream's lifetime is not a latency).
 *
 * The process metrics are one per process (a module-level registry, collected once); ours are one
 * registry per ServerMetrics, so several apps in one process (the tests) do not share counters.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CacheRegistry, CacheStats } from '@accessgraph/model';
import { summaryOf } from '../snapshot/summary.ts';
import type { SnapshotStore } from '../snapshot/snapshotStore.ts';
import { toolInfo } from '../commands/toolInfo.ts';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const RECOMPUTE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class ServerMetrics {
  readonly registry = new Registry();
  readonly requestDuration = new Histogram({
    name: 'accessgraph_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly recomputeDuration = new Histogram({
    name: 'accessgraph_recompute_duration_seconds',
    help: 'Time to rebuild a snapshot (parse, index, analyse, default graph).',
    buckets: RECOMPUTE_BUCKETS,
    registers: [this.registry],
  });
  readonly watchRestarts = new Counter({
    name: 'accessgraph_watch_restarts_total',
    help: 'Live source: watches restarted, by resource and reason (error, expired, relist).',
    labelNames: ['resource', 'reason'] as const,
    registers: [this.registry],
  });
  readonly checkAnswers = new Counter({
    name: 'accessgraph_check_answers_total',
    help: "POST /api/v1/check answers, by whether the snapshot's answer cache had them (cache: hit, miss).",
    labelNames: ['cache'] as const,
    registers: [this.registry],
  });

  constructor() {
    const build = new Gauge({
      name: 'accessgraph_build_info',
      help: 'Always 1; the labels say which accessgraph (package version) runs on which Node.js.',
      labelNames: ['version', 'node'] as const,
      registers: [this.registry],
    });
    build.set({ version: toolInfo().version, node: process.version }, 1);
  }

  /** Gauges that read the store at scrape time. */
  attach(store: SnapshotStore, sse: { readonly size: number; readonly dropped: number; readonly refused: number }, caches?: CacheRegistry): void {
    const registers = [this.registry];
    const now = () => Date.now();
    /** A gauge whose samples are read when scraped (a snapshot-less server has none). */
    const read = <L extends string>(name: string, help: string, labelNames: readonly L[], samples: () => { labels?: Partial<Record<L, string>>; value: number }[]) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          for (const { labels, value } of samples()) {
            if (labels) this.set(labels, value);
            else this.set(value);
          }
        },
      });
    /** A counter whose value lives elsewhere (it only grows) and is read when scraped. */
    const readCounter = <L extends string>(name: string, help: string, labelNames: readonly L[], samples: () => { labels: Partial<Record<L, string>>; value: number }[]) =>
      new Counter<L>({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          for (const { labels, value } of samples()) this.inc(labels, value);
        },
      });
    const current = () => store.current();
    read('accessgraph_snapshot_version', 'Version of the current snapshot (0 before the first).', [], () => [{ value: current()?.version ?? 0 }]);
    read('accessgraph_snapshot_age_seconds', 'Seconds since the current snapshot was taken.', [], () => {
      const s = current();
      return s ? [{ value: (now() - s.takenAt.getTime()) / 1000 }] : [];
    });
    read('accessgraph_source_stale', '1 when the source stopped answering and the last snapshot is served.', [], () => [{ value: store.currentHealth.stale ? 1 : 0 }]);
    read('accessgraph_source_stale_seconds', 'Seconds since the source last answered, while stale (0 otherwise).', [], () => {
      const h = store.currentHealth;
      return [{ value: h.stale ? (now() - h.since.getTime()) / 1000 : 0 }];
    });
    read('accessgraph_layer_unknown', '1 when a layer of the current snapshot could not be read.', ['layer'], () => {
      const s = current();
      return s ? (['l4', 'l7'] as const).map((layer) => ({ labels: { layer }, value: s.layers[layer].state === 'unknown' ? 1 : 0 })) : [];
    });
    // The default graph summarises a port every workload reaches as one badge, not N flows: those
    // flows are not in accessgraph_flows but counted, per port, in accessgraph_open_to_all_ports.
    read('accessgraph_flows', 'Flows (source, destination, port) of the current default graph by protection class (both, l4-only, l7-only, none, conflict, unknown); flows into ports open to all are in accessgraph_open_to_all_ports instead.', ['class'], () => {
      const s = current();
      return s ? Object.entries(summaryOf(s).flowsByClass).map(([cls, value]) => ({ labels: { class: cls }, value })) : [];
    });
    read('accessgraph_open_to_all_ports', 'Destination ports (workload, port) of the current snapshot that every other workload reaches (the "open to all" badge).', [], () => {
      const s = current();
      return s ? [{ value: summaryOf(s).openToAll.ports }] : [];
    });
    read('accessgraph_findings', 'Findings (diagnostics) of the current snapshot by severity: error, warning, info.', ['severity'], () => {
      const s = current();
      return s ? Object.entries(summaryOf(s).findings).map(([severity, value]) => ({ labels: { severity }, value })) : [];
    });
    read('accessgraph_sse_clients', 'Open /api/v1/events streams.', [], () => [{ value: sse.size }]);
    readCounter('accessgraph_sse_dropped_total', 'Event streams dropped because the client fell too far behind (--sse-buffer).', [], () => [{ labels: {}, value: sse.dropped }]);
    readCounter('accessgraph_sse_refused_total', 'Event streams refused past the client limit (--sse-max-clients).', [], () => [{ labels: {}, value: sse.refused }]);
    if (caches) {
      const per = (pick: (c: CacheStats) => number) => () => caches.all().map((c) => ({ labels: { cache: c.name }, value: pick(c) }));
      read('accessgraph_cache_bytes', 'Bytes held by a response cache (cache: check, graph).', ['cache'], per((c) => c.bytes));
      read('accessgraph_cache_max_bytes', 'Byte budget of a response cache.', ['cache'], per((c) => c.maxBytes));
      read('accessgraph_cache_entries', 'Entries in a response cache.', ['cache'], per((c) => c.entries));
      readCounter('accessgraph_cache_evictions_total', 'Entries a response cache evicted to stay within its budget (least recently used first).', ['cache'], per((c) => c.evictions));
    }
  }

  /** The exposition text: the process's runtime metrics, then this server's. */
  async text(): Promise<string> {
    return (await processMetrics().metrics()) + '\n' + (await this.registry.metrics());
  }
}

export function registerMetrics(app: FastifyInstance, metrics: ServerMetrics, skipRoutes: readonly string[]): void {
  processMetrics();
  const skip = new Set(skipRoutes);
  // A callback hook, not an async one: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'not-found';
    if (!skip.has(route)) metrics.requestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.text()));
}
