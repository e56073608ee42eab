/**
 * `accessgraph serve`: reads the flags, picks a source (demo, manifest files, live cluster),
 * starts the snapshot store and the app, listens, and shuts down cleanly on SIGINT/SIGTERM.
 * Safe by default: binds 127.0.0.1; any other address needs a token (bearer auth on /api) or
 * an explicit --insecure-no-auth. The CLI (cli.ts) dispatches `serve` here.
 */
import { defaultWebDist } from './packageRoot.ts';
import { parseArgs } from 'node:util';
import { isOneOf, DEFAULT_INBOUND_POLICIES, parseSelectorString, type Cidr, type DefaultInboundPolicy, type LabelSelector } from '@accessgraph/model';
import { parseOutsideOptions, UsageError } from './commands/commandOptions.ts';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { isLoopback } from './plugins/auth.ts';
import { ServerMetrics } from './plugins/metrics.ts';
import { SnapshotStore } from './snapshot/snapshotStore.ts';
import { ManifestWatchSource } from './sources/manifestWatch.ts';
import type { SnapshotSource } from './sources/source.ts';
import { DEFAULT_EVENT_LIMITS, type EventLimits } from './routes/events.ts';
import { parseSize } from './sizes.ts';
import { getHeapStatistics } from 'node:v8';
import { heapAdvice, heapLimitLine, snapshotMemoryLine, type HeapNumbers } from './memoryReport.ts';
import { DEFAULT_LIMITS, userCwd, type InputLimits } from './sources/manifestFiles.ts';
import { resolve } from 'node:path';
import { DEFAULT_SETTLE_MS } from './sources/manifestWatch.ts';

export const SERVE_USAGE = `Usage: accessgraph serve [source] [options]

Serves the access graph API and the dashboard on one port.

Source (one of; --demo when none is given):
  --demo                     the bundled demo cluster
  --manifests PATH           manifest file or directory, repeatable; watched for changes
  --kubeconfig PATH          a live cluster through this kubeconfig
  --context NAME             kubeconfig context (with --kubeconfig, or the default kubeconfig)
  --in-cluster               a live cluster through the pod's service account

Options:
  --port N                   port to listen on (default 7420; 0 picks a free one)
  --host H                   address to bind (default 127.0.0.1)
  --token T                  bearer token every /api route requires (prefer the
                             ACCESSGRAPH_TOKEN environment variable: flags show in ps)
  --insecure-no-auth         allow a non-loopback --host without a token
  --linkerd-default-policy P override the cluster default inbound policy
                             (${DEFAULT_INBOUND_POLICIES.join(', ')})
  --sensitive SELECTOR       the workloads flagged sensitive, a label selector
                             ('app in (postgresql,minio)'; default: a heuristic on
                             names and app labels; annotation accessgraph.io/sensitive wins)
  --cluster-networks CIDR,...
                             replace linkerd-config's clusterNetworks (Linkerd's
                             cluster-* policies; what external:0.0.0.0/0 leaves out)
  --external CIDR            also show the outside peer external:CIDR (repeatable)
  --namespaces A,B           live cluster, tenant mode: read namespaced resources only in
                             these namespaces, each listed and watched on its own (what
                             namespace-scoped Roles allow; ACCESSGRAPH_NAMESPACES too);
                             flows touching any other namespace are unknown
  --stale-limit SECONDS      live cluster: how long the last objects read are trusted
                             once the API server stops answering (default 300); past
                             it every verdict is unknown until it answers again
  --max-file-size SIZE       manifests: a file bigger than this is not read (checked
                             before reading; its last good objects stay, else L4 and
                             L7 are unknown) (default 32MiB)
  --max-input-size SIZE      manifests: the same for all files together (default
                             256MiB, or 1/48 of node's heap limit when less)
  --settle-ms N              manifests: read a changed file once its size and mtime
                             have held for N ms (default ${DEFAULT_SETTLE_MS})
  --cache-size SIZE          bytes of serialized answers kept, least recently used
                             out first; half for check answers, half for graphs
                             (default 64MiB)
  --max-graph-size SIZE      largest /api/v1/graph answer (JSON); a bigger graph is
                             refused (413) with what to ask instead: ?namespace=,
                             /api/v1/overview, /api/v1/graph.csv (default 256MiB)
  --sse-max-clients N        most open /api/v1/events streams (default ${DEFAULT_EVENT_LIMITS.maxClients})
  --sse-buffer SIZE          bytes waiting for one event stream before that client is
                             dropped (it reconnects with Last-Event-ID) (default 1MiB)
  --web-dist DIR             the built web app (default apps/web/dist)
  -h, --help                 this text

The dashboard takes the token once as http://HOST:PORT/?token=T and keeps it for the tab.
Exit status: 0 after a clean shutdown, 1 when the server failed, 2 on a usage error.
`;

export interface ServeOptions {
  source: { kind: 'demo' } | { kind: 'manifests'; paths: string[] } | { kind: 'live'; kubeconfig?: string; context?: string; inCluster?: boolean };
  port: number;
  host: string;
  token?: string;
  insecureNoAuth: boolean;
  linkerdDefaultPolicy?: DefaultInboundPolicy;
  /** `--sensitive`: the workloads flagged sensitive (label selector). */
  sensitive?: LabelSelector;
  /** --cluster-networks / --external (issue 17). */
  clusterNetworks?: Cidr[];
  externals?: Cidr[];
  /** Live source: milliseconds a stale source is trusted (`--stale-limit`, seconds). */
  staleLimitMs?: number;
  /** Live source, tenant mode: the only namespaces read (`--namespaces`, ACCESSGRAPH_NAMESPACES). */
  namespaces?: string[];
  webDist: string;
  /** Manifests: --max-file-size / --max-input-size. */
  limits?: InputLimits;
  /** Manifests: --settle-ms. */
  settleMs?: number;
  /** --cache-size, bytes over all response caches. */
  cacheBytes?: number;
  /** --max-graph-size, bytes of JSON. */
  maxGraphBytes?: number;
  /** --sse-max-clients / --sse-buffer. */
  events?: Partial<EventLimits>;
}


const DEFAULT_WEB_DIST = defaultWebDist();

/** Shortest bearer token `serve` accepts. */
export const MIN_TOKEN_LENGTH = 16;


/** Flags → options; throws UsageError with a message for the user. Returns undefined for --help. */
export function parseServeArgs(argv: string[], env: Record<string, string | undefined> = process.env): ServeOptions | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        demo: { type: 'boolean' },
        manifests: { type: 'string', multiple: true },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        'in-cluster': { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        'insecure-no-auth': { type: 'boolean' },
        'linkerd-default-policy': { type: 'string' },
        sensitive: { type: 'string' },
        'cluster-networks': { type: 'string' },
        external: { type: 'string', multiple: true },
        'web-dist': { type: 'string' },
        'stale-limit': { type: 'string' },
        namespaces: { type: 'string' },
        'max-file-size': { type: 'string' },
        'max-input-size': { type: 'string' },
        'settle-ms': { type: 'string' },
        'cache-size': { type: 'string' },
        'max-graph-size': { type: 'string' },
        'sse-max-clients': { type: 'string' },
        'sse-buffer': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return undefined;

  const live = values.kubeconfig !== undefined || values.context !== undefined || values['in-cluster'] === true;
  const chosen = [values.demo === true, (values.manifests?.length ?? 0) > 0, live].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('choose one source: --demo, --manifests, or a live cluster (--kubeconfig/--context/--in-cluster)');
  if (values['in-cluster'] && (values.kubeconfig !== undefined || values.context !== undefined)) {
    throw new UsageError('--in-cluster uses the pod service account: drop --kubeconfig/--context');
  }
  if (values.manifests?.includes('-')) throw new UsageError('--manifests - (stdin) is for the one-shot commands; serve watches files: give a file or directory');
  let source: ServeOptions['source'] = { kind: 'demo' };
  if (values.manifests?.length) source = { kind: 'manifests', paths: values.manifests };
  else if (live) {
    source = { kind: 'live' };
    if (values.kubeconfig !== undefined) source.kubeconfig = values.kubeconfig;
    if (values.context !== undefined) source.context = values.context;
    if (values['in-cluster']) source.inCluster = true;
  }

  const port = values.port === undefined ? 7420 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^\d+$/.test(values.port ?? '7420')) {
    throw new UsageError(`--port ${values.port}: not a port number (0-65535)`);
  }
  const host = values.host ?? '127.0.0.1';
  const token = values.token ?? (env.ACCESSGRAPH_TOKEN || undefined);
  if (token !== undefined && token.length === 0) throw new UsageError('--token is empty');
  // A bearer token is the only thing between the network and the cluster's policies: not a word
  // a person could guess. `openssl rand -hex 32` makes a good one.
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new UsageError(`the token is ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} random ones (e.g. openssl rand -hex 32)`);
  }
  const insecureNoAuth = values['insecure-no-auth'] === true;
  if (!isLoopback(host) && token === undefined && !insecureNoAuth) {
    throw new UsageError(
      `refusing to listen on ${host} without a token: anyone who can reach it could read your cluster's policies. ` +
        'Set ACCESSGRAPH_TOKEN (or --token), or pass --insecure-no-auth if something else guards the port.',
    );
  }
  // Relative to where the user ran the command, as --manifests is (@fastify/static refuses a relative root).
  const webDist = values['web-dist'] === undefined ? DEFAULT_WEB_DIST : resolve(userCwd(env), values['web-dist']);
  const options: ServeOptions = { source, port, host, insecureNoAuth, webDist };
  if (token !== undefined) options.token = token;
  const policy = values['linkerd-default-policy'];
  if (policy !== undefined) {
    if (!isOneOf(DEFAULT_INBOUND_POLICIES, policy)) {
      throw new UsageError(`--linkerd-default-policy ${policy}: expected one of ${DEFAULT_INBOUND_POLICIES.join(', ')}`);
    }
    options.linkerdDefaultPolicy = policy as DefaultInboundPolicy;
  }
  if (values.sensitive !== undefined) {
    const parsed = parseSelectorString(values.sensitive);
    if (!parsed.ok) throw new UsageError(`--sensitive: ${parsed.message}`);
    options.sensitive = parsed.selector;
  }
  try {
    Object.assign(options, parseOutsideOptions(values));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const staleLimit = values['stale-limit'];
  if (staleLimit !== undefined) {
    if (!/^\d+$/.test(staleLimit) || Number(staleLimit) < 1) throw new UsageError(`--stale-limit ${staleLimit}: expected a whole number of seconds, at least 1`);
    if (source.kind !== 'live') throw new UsageError('--stale-limit applies to a live cluster only (--kubeconfig/--context/--in-cluster)');
    options.staleLimitMs = Number(staleLimit) * 1000;
  }
  const namespaces = values.namespaces ?? (env.ACCESSGRAPH_NAMESPACES || undefined);
  if (namespaces !== undefined) {
    const list = [...new Set(namespaces.split(',').map((n) => n.trim()).filter(Boolean))];
    const flag = values.namespaces !== undefined ? '--namespaces' : 'ACCESSGRAPH_NAMESPACES';
    const bad = list.find((n) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(n));
    if (list.length === 0 || bad !== undefined) throw new UsageError(`${flag} ${namespaces}: expected namespace names separated by commas${bad !== undefined ? ` (${bad} is not a namespace name)` : ''}`);
    if (source.kind !== 'live') throw new UsageError(`${flag} applies to a live cluster only (--kubeconfig/--context/--in-cluster)`);
    options.namespaces = list.sort();
  }
  const size = (flag: string): number | undefined => {
    const v = (values as Record<string, string | boolean | string[] | undefined>)[flag];
    if (typeof v !== 'string') return undefined;
    const n = parseSize(v);
    if (n === undefined || n < 1) throw new UsageError(`--${flag} ${v}: expected a size such as 32MiB, 512KiB or 1GiB`);
    return n;
  };
  const count = (flag: string, min: number): number | undefined => {
    const v = (values as Record<string, string | boolean | string[] | undefined>)[flag];
    if (typeof v !== 'string') return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${flag} ${v}: expected a whole number, at least ${min}`);
    return Number(v);
  };
  const maxFile = size('max-file-size');
  const maxInput = size('max-input-size');
  const settleMs = count('settle-ms', 0);
  if ((maxFile !== undefined || maxInput !== undefined || settleMs !== undefined) && source.kind !== 'manifests') {
    throw new UsageError('--max-file-size, --max-input-size and --settle-ms apply to --manifests only');
  }
  if (maxFile !== undefined || maxInput !== undefined) options.limits = { maxFileBytes: maxFile ?? DEFAULT_LIMITS.maxFileBytes, maxInputBytes: maxInput ?? DEFAULT_LIMITS.maxInputBytes };
  if (settleMs !== undefined) options.settleMs = settleMs;
  const cacheBytes = size('cache-size');
  if (cacheBytes !== undefined) options.cacheBytes = cacheBytes;
  const maxGraphBytes = size('max-graph-size');
  if (maxGraphBytes !== undefined) options.maxGraphBytes = maxGraphBytes;
  const maxClients = count('sse-max-clients', 1);
  const sseBuffer = size('sse-buffer');
  if (maxClients !== undefined || sseBuffer !== undefined) {
    options.events = {};
    if (maxClients !== undefined) options.events.maxClients = maxClients;
    if (sseBuffer !== undefined) options.events.bufferBytes = sseBuffer;
  }
  return options;
}

async function makeSource(options: ServeOptions, metrics: ServerMetrics, log: (m: string) => void): Promise<SnapshotSource> {
  const s = options.source;
  if (s.kind === 'demo') {
    const { DemoSource } = await import('./sources/demoSource.ts');
    return new DemoSource();
  }
  if (s.kind === 'manifests') {
    return new ManifestWatchSource({
      paths: s.paths,
      log,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
    });
  }
  // client-node is loaded only for a live cluster: it is large and the other sources do not need it.
  const { LiveSource, loadKubeConfig } = await import('./sources/live.ts');
  let loaded;
  try {
    loaded = loadKubeConfig(s);
  } catch (err) {
    throw new UsageError(`cannot use the kubeconfig: ${err instanceof Error ? err.message : String(err)}`);
  }
  return new LiveSource({
    ...loaded,
    log,
    ...(options.staleLimitMs !== undefined ? { staleLimitMs: options.staleLimitMs } : {}),
    ...(options.namespaces ? { namespaces: options.namespaces } : {}),
    onWatchRestart: (resource, reason) => metrics.watchRestarts.inc({ resource, reason }),
  });
}

export interface RunningServer {
  app: FastifyInstance;
  store: SnapshotStore;
  /** `http://127.0.0.1:7420` */
  url: string;
  close(): Promise<void>;
}

/** Starts store and app and listens; the caller owns shutdown. */
export async function startServer(options: ServeOptions, log: (m: string) => void = (m) => process.stderr.write(`accessgraph: ${m}\n`)): Promise<RunningServer> {
  const metrics = new ServerMetrics();
  const source = await makeSource(options, metrics, log);
  const heap = (): HeapNumbers => {
    const h = getHeapStatistics();
    return { used: h.used_heap_size, limit: h.heap_size_limit, rss: process.memoryUsage().rss };
  };
  log(heapLimitLine(heap().limit));
  let warned = false;
  const store = new SnapshotStore({
    source,
    ...(options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {}),
    ...(options.sensitive ? { sensitive: options.sensitive } : {}),
    ...(options.clusterNetworks ? { clusterNetworks: options.clusterNetworks } : {}),
    ...(options.externals ? { externals: options.externals } : {}),
    onRecompute: (ms, snapshot) => {
      metrics.recomputeDuration.observe({}, ms / 1000);
      const h = heap();
      if (snapshot.version === 1) log(snapshotMemoryLine(snapshot.version, snapshot.analysis.table.size, snapshot.graph.edges.length, ms, h));
      // Once per crossing: a server near its limit says so again only after it came back under.
      const advice = heapAdvice(h);
      if (advice && !warned) log(advice);
      warned = advice !== undefined;
    },
    onError: (err) => log(`building a snapshot failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  const app = await buildApp({
    store,
    ...(options.token ? { token: options.token } : {}),
    loopbackHostsOnly: !options.token && isLoopback(options.host),
    webDist: options.webDist,
    metrics,
    ...(options.cacheBytes !== undefined ? { checkCacheBytes: Math.floor(options.cacheBytes / 2), graphCacheBytes: Math.ceil(options.cacheBytes / 2) } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.maxGraphBytes !== undefined ? { maxGraphBytes: options.maxGraphBytes } : {}),
    onWarmError: (err) => log(`preparing the dashboard's first answers failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    logger: { level: process.env.ACCESSGRAPH_LOG_LEVEL ?? 'warn' },
  });
  try {
    await store.start();
  } catch (err) {
    await app.close();
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (err) {
    await store.stop();
    await app.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    app,
    store,
    url: `http://${shownHost}:${port}`,
    close: async () => {
      await app.close();
      await store.stop();
    },
  };
}

/** The `serve` subcommand: resolves with the exit status once the server has stopped. */
export async function runServe(argv: string[]): Promise<number> {
  let options: ServeOptions | undefined;
  try {
    options = parseServeArgs(argv);
  } catch (err) {
    process.stderr.write(`accessgraph serve: ${err instanceof Error ? err.message : String(err)}\n\n${SERVE_USAGE}`);
    return 2;
  }
  if (!options) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  let server: RunningServer;
  try {
    server = await startServer(options);
  } catch (err) {
    process.stderr.write(`accessgraph serve: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
  const auth = options.token ? 'bearer token required on /api' : options.insecureNoAuth && !isLoopback(options.host) ? 'NO AUTH (--insecure-no-auth)' : 'loopback only, no token';
  process.stderr.write(`accessgraph: serving ${server.store.source} at ${server.url} (${auth})\n`);
  return new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.stderr.write(`accessgraph: ${signal}, shutting down\n`);
      server.close().then(
        () => resolve(0),
        (err: unknown) => {
          process.stderr.write(`accessgraph: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
          resolve(1);
        },
      );
    };
    const onInt = () => shutdown('SIGINT');
    const onTerm = () => shutdown('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
