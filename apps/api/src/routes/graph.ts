/**
 * GET /api/v1/graph: the current snapshot's graph, filtered, with its snapshot metadata.
 * Answers are serialized once per (snapshot, filter, staleness) and sent from cache with a
 * weak ETag, so 50 concurrent readers cost one serialization.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorSchema } from '../schemas/common.ts';
import { GraphQuerySchema, GraphResponseSchema } from '../schemas/graph.ts';
import { filterGraph, type GraphFilter } from '../snapshot/graphFilter.ts';
import { portSpecs, rawReply, remember, requireSnapshot, type RouteOptions } from './current.ts';

export const graphRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { store }) => {
  app.get(
    '/api/v1/graph',
    {
      schema: {
        summary: 'The access graph',
        description:
          'Workloads, edges per workload pair with per-port verdicts and protection class, namespaces, diagnostics and snapshot metadata. Ports open to all are summarised on the node (`openToAll`) unless `includeOpen=true`.',
        tags: ['graph'],
        querystring: GraphQuerySchema,
        response: { 200: GraphResponseSchema, 400: ErrorSchema, 401: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const snapshot = requireSnapshot(store);
      const q = request.query;
      const filter: GraphFilter = {};
      if (q.namespace?.length) filter.namespaces = [...new Set(q.namespace)].sort();
      if (q.layer) filter.layer = q.layer;
      if (q.protection?.length) filter.protections = [...new Set(q.protection)].sort();
      const ports = portSpecs(q.port);
      if (ports.length) filter.ports = ports;
      const includeOpen = q.includeOpen === true;
      const info = store.info(snapshot);
      const key = JSON.stringify(['graph', filter, includeOpen, info.stale, info.staleForSeconds ?? 0]);
      const etag = `W/"${snapshot.version}-${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`;
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (request.headers['if-none-match'] === etag) return rawReply(reply).code(304).send();
      let body = snapshot.responses.get(key);
      if (body === undefined) {
        const graph = filterGraph(includeOpen ? snapshot.analysis.graph({ includeOpen: true }) : snapshot.graph, filter);
        body = reply.serialize({ snapshot: info, ...graph }) as string;
        remember(snapshot, key, body);
      }
      return rawReply(reply).type('application/json; charset=utf-8').send(body);
    },
  );
};
