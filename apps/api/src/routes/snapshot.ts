/**
 * GET /api/v1/snapshot (what the server holds: version, source, staleness, layers, per-resource
 * read status, counts) and GET /api/v1/diagnostics (every finding of the current snapshot).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorSchema } from '../schemas/common.ts';
import { DiagnosticsResponseSchema, SnapshotResponseSchema } from '../schemas/snapshot.ts';
import { summaryOf } from '../snapshot/summary.ts';
import { cachedBody, type ResponseCache } from '../snapshot/responseCache.ts';
import { rawReply, requireSnapshot, type RouteOptions } from './current.ts';
import { send } from './graph.ts';

export interface SnapshotRouteOptions extends RouteOptions {
  /**
   * Where /api/v1/diagnostics is kept, serialized once per snapshot and gzipped once (and
   * `large` when past that cache's budget). At 30,000 synthetic workloads it is 19,852
   * findings, 46 MB: serialized again for every dashboard that opened (9.8 s of the event loop
   * each, no gzip), it held the next visitor's overview behind it.
   */
  cache?: ResponseCache;
  large?: ResponseCache;
}

export const snapshotRoutes: FastifyPluginAsyncTypebox<SnapshotRouteOptions> = async (app, { store, cache, large }) => {
  app.get(
    '/api/v1/snapshot',
    {
      schema: {
        summary: 'Snapshot metadata',
        tags: ['live'],
        response: { 200: SnapshotResponseSchema, 401: ErrorSchema, 503: ErrorSchema },
      },
    },
    async () => {
      const s = requireSnapshot(store);
      // What the dashboard's banners say of the whole snapshot, whatever the view's filters.
      const sum = summaryOf(s);
      return {
        snapshot: store.info(s),
        ...(store.origin ? { origin: store.origin } : {}),
        recomputeMs: s.recomputeMs,
        counts: {
          objects: s.objects.length,
          workloads: sum.workloads,
          namespaces: sum.namespaces,
          edges: sum.edges,
          diagnostics: sum.diagnostics,
          meshedWorkloads: sum.meshedWorkloads,
          isolatedWorkloads: sum.isolatedWorkloads,
          l7RestrictedEdges: sum.l7RestrictedEdges,
          noMesh: sum.noMesh,
          noPolicies: sum.noPolicies,
        },
        resources: store.resources(),
      };
    },
  );

  app.get(
    '/api/v1/diagnostics',
    {
      schema: {
        summary: 'Every finding',
        description: 'Input, evaluator and cross-layer diagnostics of the current snapshot, most severe first. Sent gzip-encoded to clients that accept it; weak ETag per snapshot.',
        tags: ['graph'],
        response: { 200: DiagnosticsResponseSchema, 401: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const s = requireSnapshot(store);
      const info = store.info(s);
      const answer = () => ({ snapshot: info, diagnostics: s.analysis.diagnostics });
      if (!cache) return answer();
      // The route's own serializer (the schema's fields, as without the cache), once per snapshot and staleness.
      const serialize = reply.getSerializationFunction('200');
      if (!serialize) return answer();
      const key = JSON.stringify(['diagnostics', info.stale, info.staleForSeconds ?? 0]);
      const body = cachedBody(cache, s, key, () => ({ json: serialize(answer()), etag: `W/"${s.version}-diagnostics-${info.stale ? `stale-${info.staleForSeconds ?? 0}` : 'fresh'}"` }), large);
      return send(request, rawReply(reply), body);
    },
  );
};
