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
import { cachedBody, type CachedBody, type ResponseCache } from '../snapshot/responseCache.ts';
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

function graphBody(cache: ResponseCache, store: SnapshotStore, snapshot: Snapshot, q: GraphQuery): CachedBody {
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
    const graph = filterGraph(includeOpen ? snapshot.analysis.graph({ includeOpen: true }) : snapshot.graph, filter);
    const { namespaces, nodes, edges, diagnostics } = graph;
    return {
      json: JSON.stringify({ snapshot: info, namespaces, nodes, edges, diagnostics: withDiagnostics ? diagnostics : [] }),
      etag: `W/"${snapshot.version}-${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`,
    };
  });
}

function acceptsGzip(request: FastifyRequest): boolean {
  const ae = request.headers['accept-encoding'];
  return typeof ae === 'string' && /\bgzip\b/i.test(ae) && !/\bgzip\s*;\s*q=0(\.0*)?\b/i.test(ae);
}

export async function send(request: FastifyRequest, reply: FastifyReply, body: CachedBody): Promise<FastifyReply> {
  reply.header('etag', body.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === body.etag) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  if (acceptsGzip(request)) return reply.header('content-encoding', 'gzip').send(await body.gzip());
  return reply.send(body.json);
}

/** Prepares the default graph of the current snapshot (bytes and gzip) before anyone asks. */
export function warmGraph(cache: ResponseCache, store: SnapshotStore): void {
  const snapshot = store.current();
  if (!snapshot) return;
  void graphBody(cache, store, snapshot, {}).gzip();
}

export interface GraphRouteOptions extends RouteOptions {
  cache: ResponseCache;
}

export const graphRoutes: FastifyPluginAsyncTypebox<GraphRouteOptions> = async (app, { store, cache }) => {
  app.get(
    '/api/v1/graph',
    {
      schema: {
        summary: 'The access graph',
        description:
          'Workloads, edges per workload pair with per-port verdicts and protection class, namespaces, diagnostics and snapshot metadata. Ports open to all are summarised on the node (`openToAll`) unless `includeOpen=true`. Sent gzip-encoded to clients that accept it; weak ETag per snapshot and filter.',
        tags: ['graph'],
        querystring: GraphRouteQuerySchema,
        response: { 200: GraphResponseSchema, 400: ErrorSchema, 401: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => send(request, rawReply(reply), graphBody(cache, store, requireSnapshot(store), request.query)),
  );
};
