/**
 * GET /api/v1/snapshot (what the server holds: version, source, staleness, layers, per-resource
 * read status, counts) and GET /api/v1/diagnostics (every finding of the current snapshot).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorSchema } from '../schemas/common.ts';
import { DiagnosticsResponseSchema, SnapshotResponseSchema } from '../schemas/snapshot.ts';
import { summaryOf } from '../snapshot/summary.ts';
import { requireSnapshot, type RouteOptions } from './current.ts';

export const snapshotRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { store }) => {
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
        description: 'Input, evaluator and cross-layer diagnostics of the current snapshot, most severe first.',
        tags: ['graph'],
        response: { 200: DiagnosticsResponseSchema, 401: ErrorSchema, 503: ErrorSchema },
      },
    },
    async () => {
      const s = requireSnapshot(store);
      return { snapshot: store.info(s), diagnostics: s.analysis.diagnostics };
    },
  );
};
