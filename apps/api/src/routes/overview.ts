/**
 * GET /api/v1/overview: the current graph folded to namespaces (model graph/overview.ts), the
 * same filters as /api/v1/graph. Counted from the snapshot's graph, never from per-flow JSON;
 * serialized once per (snapshot, filter, staleness) and cached like the graph.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { edgesTouching, namespaceOverview, type EdgeClass, type Layer, type OverviewFilter } from '@accessgraph/model';
import { ErrorSchema } from '../schemas/common.ts';
import { Type } from 'typebox';
import { CompactOverviewResponseSchema, OverviewQuerySchema, OverviewResponseSchema } from '../schemas/overview.ts';
import { encodeOverview } from './overviewCompact.ts';
import { cachedBody, CachedBody, RefusedBody, type ResponseCache } from '../snapshot/responseCache.ts';
import { includeOpenGraph, MAX_INCLUDE_OPEN_EDGES } from '../snapshot/openGraph.ts';
import type { Snapshot } from '../snapshot/snapshot.ts';
import type { SnapshotStore } from '../snapshot/snapshotStore.ts';
import { portSpecs, rawReply, requireSnapshot } from './current.ts';
import { send, type GraphRouteOptions } from './graph.ts';

interface OverviewQuery {
  namespace?: string[];
  layer?: Layer;
  protection?: EdgeClass[];
  port?: string[];
  includeOpen?: boolean;
  /** `compact`: the columnar answer (overviewCompact.ts), what the dashboard asks. */
  format?: 'json' | 'compact';
}

/** `dashboard`: where the default overview (no filter) is kept instead of `cache` (responseCache.ts dashboardCache). */
export function overviewBody(cache: ResponseCache, store: SnapshotStore, snapshot: Snapshot, q: OverviewQuery, maxOpenEdges = MAX_INCLUDE_OPEN_EDGES, dashboard?: ResponseCache): CachedBody | RefusedBody {
  const filter: OverviewFilter = {};
  if (q.namespace?.length) filter.namespaces = [...new Set(q.namespace)].sort();
  if (q.layer) filter.layer = q.layer;
  if (q.protection?.length) filter.protections = [...new Set(q.protection)].sort();
  const ports = portSpecs(q.port);
  if (ports.length) filter.ports = ports;
  const includeOpen = q.includeOpen === true;
  const info = store.info(snapshot);
  const compact = q.format === 'compact';
  const key = JSON.stringify(['overview', filter, includeOpen, info.stale, info.staleForSeconds ?? 0, ...(compact ? ['compact'] : [])]);
  const isDefault = Object.keys(filter).length === 0 && !includeOpen;
  return cachedBody(isDefault && dashboard ? dashboard : cache, snapshot, key, () => {
    const graph = includeOpen ? includeOpenGraph(snapshot, maxOpenEdges) : snapshot.graph;
    if ('refused' in graph) return new RefusedBody(graph.refused);
    const { namespaces, pairs } = namespaceOverview(graph, { filter, postures: snapshot.analysis.postures() });
    return {
      json: JSON.stringify(compact ? encodeOverview(info, { namespaces, pairs }) : { snapshot: info, namespaces, pairs }),
      etag: `W/"${snapshot.version}-${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`,
    };
  });
}

/**
 * Prepares what the dashboard asks for first — the default overview — and the per-namespace
 * edge index its expansions read, before anyone asks (at 10,000 workloads the overview takes
 * seconds to compute the first time).
 */
export function warmOverview(cache: ResponseCache, store: SnapshotStore, dashboard?: ResponseCache): void {
  const snapshot = store.current();
  if (!snapshot) return;
  // The dashboard's (compact) first, then the JSON API users ask.
  for (const format of ['compact', 'json'] as const) {
    const body = overviewBody(cache, store, snapshot, { format }, MAX_INCLUDE_OPEN_EDGES, dashboard);
    if (body instanceof CachedBody) body.gzip().catch(() => undefined); // a request asking for it gets the failure
  }
  edgesTouching(snapshot.graph, new Set());
}

export interface OverviewRouteOptions extends GraphRouteOptions {
  /** Where the default overview is kept (responseCache.ts dashboardCache); else with the others. */
  dashboard?: ResponseCache;
}

export const overviewRoutes: FastifyPluginAsyncTypebox<OverviewRouteOptions> = async (app, { store, cache, maxIncludeOpenEdges = MAX_INCLUDE_OPEN_EDGES, dashboard }) => {
  app.get(
    '/api/v1/overview',
    {
      schema: {
        summary: 'The graph by namespace',
        description:
          'Per namespace: workloads, meshed workloads and posture (ingress/egress isolation coverage, Linkerd default policy, ports open to all, findings by severity). Per ordered namespace pair with flows: workload pairs by edge class, flows and ports. The same filters as /api/v1/graph; sorted by name. `format=compact` answers the same overview columnar (CompactOverview: names once, indices delta-coded, class counts sparse; a few MB where the JSON is 47 MB at 30,000 workloads); the dashboard asks it. Sent gzip-encoded to clients that accept it; weak ETag per snapshot, filter and format.',
        tags: ['graph'],
        querystring: OverviewQuerySchema,
        response: { 200: Type.Union([OverviewResponseSchema, CompactOverviewResponseSchema]), 400: ErrorSchema, 401: ErrorSchema, 413: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => send(request, rawReply(reply), overviewBody(cache, store, requireSnapshot(store), request.query, maxIncludeOpenEdges, dashboard)),
  );
};
