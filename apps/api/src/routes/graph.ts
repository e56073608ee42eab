/**
 * GET /api/v1/graph: the current snapshot's graph, filtered, with its snapshot metadata.
 * A graph of a few thousand workloads is megabytes of JSON, so each answer is serialized once
 * per (snapshot, filter, staleness), kept as bytes and as gzip, and sent from cache with a weak
 * ETag; the default graph is prepared as soon as a snapshot exists. The body is the model's
 * Graph as is (JSON.stringify: ten times faster than the schema serializer on this shape); the
 * response schema documents it and test/schemas/contract.test.ts pins it to the model types.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { filterGraph, type EdgeClass, type GraphFilter, type Layer } from '@accessgraph/model';
import { ErrorSchema } from '../schemas/common.ts';
import { GraphResponseSchema, GraphRouteQuerySchema } from '../schemas/graph.ts';
import { HttpError } from '../plugins/errors.ts';
import { BodyTooLarge, boundedJson } from '../snapshot/boundedJson.ts';
import { cachedBody, CachedBody, RefusedBody, responseBytes, responseCache, type ResponseCache } from '../snapshot/responseCache.ts';
import { formatSize } from '../sizes.ts';
import { includeOpenGraph, MAX_INCLUDE_OPEN_EDGES, namespaceOpenGraph } from '../snapshot/openGraph.ts';
import { namespaceGraphWithoutFindings } from '../snapshot/namespaceGraph.ts';
import { namespacesByEdges, NamespaceWarmup } from '../snapshot/namespaceWarmup.ts';
import type { Snapshot } from '../snapshot/snapshot.ts';
import type { SnapshotStore } from '../snapshot/snapshotStore.ts';
import { portSpecs, rawReply, requireSnapshot, type RouteOptions } from './current.ts';

interface GraphQuery {
  namespace?: string[];
  layer?: Layer;
  protection?: EdgeClass[];
  port?: string[];
  includeOpen?: boolean;
  diagnostics?: boolean;
}

/**
 * Largest /api/v1/graph body by default (`serve --max-graph-size`): the graph of 10,000
 * synthetic workloads is ~170 MiB; 30,000 (3.7 M edges) would be more than a gigabyte.
 */
export const MAX_GRAPH_BYTES = 256 * 2 ** 20;

/** Where to go when the graph is too big for one answer (the 413's message). */
function tooLargeMessage(edges: number, nodes: number, maxBytes: number, filtered: boolean): string {
  return (
    `the ${filtered ? 'filtered ' : ''}graph has ${edges.toLocaleString('en-US')} edges between ${nodes.toLocaleString('en-US')} nodes (workloads and outside peers): more than ${formatSize(maxBytes)} of JSON (serve --max-graph-size). ` +
    'Ask for part of it: ?namespace=NS (the edges touching a namespace), /api/v1/overview (the graph by namespace), ' +
    '/api/v1/graph.csv (streamed), or `accessgraph graph --format compact` (streamed, a few bytes per edge).'
  );
}

function graphBody(cache: ResponseCache, store: SnapshotStore, snapshot: Snapshot, q: GraphQuery, maxBytes: number, maxOpenEdges = MAX_INCLUDE_OPEN_EDGES, large?: ResponseCache): CachedBody | RefusedBody {
  const filter: GraphFilter = {};
  if (q.namespace?.length) filter.namespaces = [...new Set(q.namespace)].sort();
  if (q.layer) filter.layer = q.layer;
  if (q.protection?.length) filter.protections = [...new Set(q.protection)].sort();
  const ports = portSpecs(q.port);
  if (ports.length) filter.ports = ports;
  const includeOpen = q.includeOpen === true;
  const info = store.info(snapshot);
  const withDiagnostics = q.diagnostics !== false;
  const key = JSON.stringify(['graph', filter, includeOpen, info.stale, info.staleForSeconds ?? 0, ...(withDiagnostics ? [] : ['no-diagnostics'])]);
  return cachedBody(cache, snapshot, key, () => {
    const open = includeOpen ? includeOpenGraph(snapshot, maxOpenEdges) : snapshot.graph;
    // Above the bound, the edges touching the asked namespaces are computed without the whole includeOpen graph.
    if ('refused' in open && !filter.namespaces) return new RefusedBody(open.refused);
    const whole = 'refused' in open ? namespaceOpenGraph(snapshot, filter.namespaces!) : open;
    // The dashboard's expansion (a namespace, no findings): without filterGraph's pass over every finding.
    const onlyNamespaces = filter.namespaces !== undefined && Object.keys(filter).length === 1;
    const graph = onlyNamespaces && !withDiagnostics ? namespaceGraphWithoutFindings(whole, filter.namespaces!) : filterGraph(whole, filter);
    const { namespaces, nodes, edges, diagnostics } = graph;
    let json: Buffer;
    try {
      // The same bytes as JSON.stringify of the object, written in pieces under the budget.
      json = boundedJson(
        [
          ['snapshot', { value: info }],
          ['namespaces', { items: namespaces }],
          ['nodes', { items: nodes }],
          ['edges', { items: edges }],
          ['diagnostics', { items: withDiagnostics ? diagnostics : [] }],
        ],
        maxBytes,
      );
    } catch (err) {
      if (err instanceof BodyTooLarge) return new RefusedBody(tooLargeMessage(edges.length, nodes.length, maxBytes, Object.keys(filter).length > 0 || includeOpen));
      throw err;
    }
    return {
      json,
      etag: `W/"${snapshot.version}-${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`,
    };
  }, large);
}

function acceptsGzip(request: FastifyRequest): boolean {
  const ae = request.headers['accept-encoding'];
  return typeof ae === 'string' && /\bgzip\b/i.test(ae) && !/\bgzip\s*;\s*q=0(\.0*)?\b/i.test(ae);
}

export async function send(request: FastifyRequest, reply: FastifyReply, body: CachedBody | RefusedBody): Promise<FastifyReply> {
  if (body instanceof RefusedBody) throw new HttpError(413, body.message);
  reply.header('etag', body.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === body.etag) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  if (acceptsGzip(request)) return reply.header('content-encoding', 'gzip').send(await body.gzip());
  return reply.send(body.json);
}

/**
 * Prepares the default graph of the current snapshot (bytes and gzip) before anyone asks; a
 * graph over `maxBytes` is only found too big (its 413 is then ready as well).
 */
export function warmGraph(cache: ResponseCache, store: SnapshotStore, maxBytes = MAX_GRAPH_BYTES, large?: ResponseCache): void {
  const snapshot = store.current();
  if (!snapshot) return;
  const body = graphBody(cache, store, snapshot, {}, maxBytes, MAX_INCLUDE_OPEN_EDGES, large);
  if (body instanceof CachedBody) body.gzip().catch(() => undefined); // a request asking for it gets the failure
  warmNamespaceGraphs(cache, store, maxBytes);
}

/**
 * The share of the graph answer cache the namespace warm-up may fill with its own answers: the
 * rest stays for the default graph (13 MB at 2,000 workloads) and the answers clients ask for.
 */
export const NAMESPACE_WARMUP_SHARE = 0.5;

/** Per answer cache: the namespace warm-up under way (a newer one cancels it). */
const warmups = new WeakMap<ResponseCache, NamespaceWarmup>();

/**
 * Starts preparing the expansion's answer of every namespace of the current snapshot
 * (`?namespace=NS&diagnostics=false`, the same bytes as a request computes: graphBody), one
 * namespace per turn of the event loop, most connected first (snapshot/namespaceWarmup.ts).
 * Each answer is made aside and enters the cache only once its gzip is made and it is kept as
 * gzip only (CachedBody.gzipOnly: 17 KiB instead of ~400 KiB per namespace at 2,000 workloads,
 * 57 KiB instead of 1.5 MB at 10,000), and only if it fits: within NAMESPACE_WARMUP_SHARE of
 * the cache's budget for all the warm-up's answers, and without making the cache evict anything.
 * It stops at the first answer that does not fit, when a newer snapshot is current, or when a
 * newer warm-up starts. An answer a client asked for first is kept as it is.
 */
export function warmNamespaceGraphs(cache: ResponseCache, store: SnapshotStore, maxBytes = MAX_GRAPH_BYTES, defer?: (fn: () => void) => void): NamespaceWarmup | undefined {
  warmups.get(cache)?.cancel();
  const snapshot = store.current();
  if (!snapshot) return undefined;
  const share = Math.floor(cache.maxBytes * NAMESPACE_WARMUP_SHARE);
  let warmed = 0;
  let full = false;
  const warmup = new NamespaceWarmup({
    order: () => namespacesByEdges(snapshot.graph),
    proceed: () => !full && store.current() === snapshot,
    warm: async (ns) => {
      // Made aside: `cache` is only looked in (an answer a client asked for is not made again).
      const aside = responseCache(Number.MAX_SAFE_INTEGER, 'warm-up');
      const body = graphBody(aside, store, snapshot, { namespace: [ns], diagnostics: false }, maxBytes, MAX_INCLUDE_OPEN_EDGES, cache);
      const [key] = [...aside.keys()];
      if (key === undefined || !(body instanceof CachedBody)) return true;
      await body.gzipOnly();
      const bytes = responseBytes(key, body);
      if (warmed + bytes > share || cache.bytes + bytes > cache.maxBytes || store.current() !== snapshot) {
        full = true;
        return false;
      }
      cache.set(key, body);
      warmed += bytes;
      return true;
    },
    ...(defer ? { defer } : {}),
  });
  warmups.set(cache, warmup);
  return warmup;
}

export interface GraphRouteOptions extends RouteOptions {
  cache: ResponseCache;
  /** Largest graph answer in bytes of JSON; bigger ones are a 413 saying what to ask instead. */
  maxGraphBytes?: number;
  /** Largest includeOpen graph computed, in edges (snapshot/openGraph.ts). */
  maxIncludeOpenEdges?: number;
  /** Where answers too big for `cache` are kept (responseCache.ts largeBodyCache). */
  large?: ResponseCache;
}

export const graphRoutes: FastifyPluginAsyncTypebox<GraphRouteOptions> = async (app, { store, cache, maxGraphBytes = MAX_GRAPH_BYTES, maxIncludeOpenEdges = MAX_INCLUDE_OPEN_EDGES, large }) => {
  app.get(
    '/api/v1/graph',
    {
      schema: {
        summary: 'The access graph',
        description:
          'Workloads, edges per workload pair with per-port verdicts and protection class, namespaces, diagnostics and snapshot metadata. Ports open to all are summarised on the node (`openToAll`) unless `includeOpen=true`. Sent gzip-encoded to clients that accept it; weak ETag per snapshot and filter. A graph bigger than the limit (`serve --max-graph-size`, default 256 MiB of JSON) is a 413 naming what to ask instead: `namespace`, /api/v1/overview, /api/v1/graph.csv. `includeOpen` on a graph that could pass a million edges with it is a 413 too (it is not computed), except with `namespace`: the edges touching those namespaces are computed at any size.',
        tags: ['graph'],
        querystring: GraphRouteQuerySchema,
        response: { 200: GraphResponseSchema, 400: ErrorSchema, 401: ErrorSchema, 413: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => send(request, rawReply(reply), graphBody(cache, store, requireSnapshot(store), request.query, maxGraphBytes, maxIncludeOpenEdges, large)),
  );
};
