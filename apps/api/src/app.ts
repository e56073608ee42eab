/**
 * Builds the Fastify app over a snapshot store: security headers, auth, error handling,
 * metrics, OpenAPI, the API routes and the web app. Builds, never listens (server.ts does;
 * tests use app.inject), after fastify/demo src/app.ts.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { registerAuth, registerLoopbackHostCheck } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/errors.ts';
import { ServerMetrics, registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerSecurityHeaders } from './plugins/security.ts';
import { registerWebApp } from './plugins/webApp.ts';
import { checkRoutes } from './routes/check.ts';
import { DEFAULT_EVENT_LIMITS, EventStreams, eventRoutes, type EventLimits } from './routes/events.ts';
import { graphRoutes, MAX_GRAPH_BYTES, warmGraph } from './routes/graph.ts';
import { graphCsvRoutes } from './routes/graphCsv.ts';
import { healthRoutes } from './routes/health.ts';
import { matrixRoutes } from './routes/matrix.ts';
import { reportRoutes } from './routes/report.ts';
import { overviewRoutes, warmOverview } from './routes/overview.ts';
import { snapshotRoutes } from './routes/snapshot.ts';
import { workloadRoutes } from './routes/workloads.ts';
import { CacheRegistry } from '@accessgraph/model';
import { ANSWER_CACHE_BYTES, answerCache } from './snapshot/checkAnswers.ts';
import { dashboardCache, largeBodyCache, RESPONSE_CACHE_BYTES, responseCache } from './snapshot/responseCache.ts';
import type { SnapshotStore } from './snapshot/snapshotStore.ts';

export const API_VERSION = '1.0.0';
const EVENTS_ROUTE = '/api/v1/events';

export interface AppOptions {
  store: SnapshotStore;
  /** Bearer token every /api route requires; none = no auth (loopback, or --insecure-no-auth). */
  token?: string;
  /** Answer only requests whose Host is a loopback name (the tokenless loopback server; DNS rebinding). */
  loopbackHostsOnly?: boolean;
  /** The built web app (index.html inside); absent or missing = a page saying how to build it. */
  webDist?: string;
  metrics?: ServerMetrics;
  logger?: FastifyServerOptions['logger'];
  /** Largest request body in bytes (the only body is a check question). */
  bodyLimit?: number;
  heartbeatMs?: number;
  /** Largest matrix answer, in cells. */
  matrixCellLimit?: number;
  /** SSE: client limit, per-client buffer, events kept for reconnects. */
  events?: Partial<EventLimits>;
  /** Bytes of serialized check answers kept (LRU). */
  checkCacheBytes?: number;
  /** Bytes of serialized graph answers (and their gzip) kept (LRU). */
  graphCacheBytes?: number;
  /** Largest /api/v1/graph answer, bytes of JSON (routes/graph.ts MAX_GRAPH_BYTES); bigger is a 413. */
  maxGraphBytes?: number;
  /** Largest graph with ports open to all drawn (includeOpen) the server computes, in edges (snapshot/openGraph.ts). */
  maxIncludeOpenEdges?: number;
  /** Where the warm-up reports a failure (it never takes the server down). */
  onWarmError?: (err: unknown) => void;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 16 * 1024,
    // Errors are logged by the error handler; a line per request is noise for a CLI user.
    logController: new LogController({ disableRequestLogging: true }),
    // A question is small; a slow client must not hold a socket forever.
    requestTimeout: 30_000,
    routerOptions: { maxParamLength: 1024 },
    // Unknown body properties are an error, not silently dropped (Fastify's default strips them).
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const metrics = options.metrics ?? new ServerMetrics();
  const streams = new EventStreams({ ...DEFAULT_EVENT_LIMITS, ...options.events });
  streams.attach(options.store);
  const caches = new CacheRegistry();
  const checkCache = caches.add(answerCache(options.checkCacheBytes ?? ANSWER_CACHE_BYTES));
  const graphCache = caches.add(responseCache(options.graphCacheBytes ?? RESPONSE_CACHE_BYTES));
  const maxGraphBytes = options.maxGraphBytes ?? MAX_GRAPH_BYTES;
  const dashboard = caches.add(dashboardCache(maxGraphBytes));
  const large = caches.add(largeBodyCache(maxGraphBytes));
  metrics.attach(options.store, streams, caches);
  // Open SSE streams would hold close() until their clients leave.
  app.addHook('preClose', async () => streams.endAll());

  registerErrorHandler(app);
  registerSecurityHeaders(app);
  registerAuth(app, options.token);
  if (options.loopbackHostsOnly) registerLoopbackHostCheck(app);
  registerMetrics(app, metrics, [EVENTS_ROUTE]);
  await registerOpenApi(app, API_VERSION);

  const store = options.store;
  await app.register(healthRoutes, { store });
  await app.register(snapshotRoutes, { store, cache: graphCache, large });
  const open = options.maxIncludeOpenEdges !== undefined ? { maxIncludeOpenEdges: options.maxIncludeOpenEdges } : {};
  await app.register(graphRoutes, { store, cache: graphCache, maxGraphBytes, large, ...open });
  await app.register(graphCsvRoutes, { store, ...open });
  await app.register(overviewRoutes, { store, cache: graphCache, dashboard, ...open });
  await app.register(workloadRoutes, { store });
  await app.register(checkRoutes, { store, answers: metrics.checkAnswers, cache: checkCache });
  await app.register(matrixRoutes, { store, cellLimit: options.matrixCellLimit ?? 250_000 });
  await app.register(reportRoutes, { store });
  await app.register(eventRoutes, { store, heartbeatMs: options.heartbeatMs ?? 15_000, streams });
  await registerWebApp(app, options.webDist);
  // The default graph is what every dashboard asks for first: serialize it once, up front.
  // The dashboard asks for the overview first (then a namespace's graph per expansion): warm
  // it, then the full graph.
  // Ahead of any request, so a failure here is nobody's answer: logged, never thrown (an
  // exception in a setImmediate callback would end the process).
  const warmSafely = (warm: () => void) => {
    try {
      warm();
    } catch (err) {
      (options.onWarmError ?? ((e: unknown) => app.log.error({ err: e }, 'preparing the dashboard answers failed')))(err);
    }
  };
  const warmDashboard = () => {
    warmSafely(() => warmOverview(graphCache, store, dashboard));
    setImmediate(() => warmSafely(() => warmGraph(graphCache, store, maxGraphBytes, large)));
  };
  // A new snapshot: no cached answer can be served again (keys carry the version).
  const unsubscribe = store.subscribe((e) => {
    if (e.type !== 'snapshot') return;
    checkCache.clear();
    graphCache.clear();
    dashboard.clear();
    large.clear();
    setImmediate(() => warmDashboard());
  });
  void store.ready().then(() => setImmediate(() => warmDashboard()));
  app.addHook('onClose', async () => unsubscribe());
  return app;
}
