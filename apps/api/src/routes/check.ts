/**
 * POST /api/v1/check: can `from` reach `to` (a workload, or a Service resolved to its
 * workloads and target ports) on a port? The verdict contract with reasons per layer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HttpError } from '../plugins/errors.ts';
import { CheckBodySchema, CheckResponseSchema } from '../schemas/check.ts';
import { ErrorSchema } from '../schemas/common.ts';
import { checkFlow } from '../snapshot/checkFlow.ts';
import { requireSnapshot, type RouteOptions } from './current.ts';

export const checkRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { store }) => {
  app.post(
    '/api/v1/check',
    {
      schema: {
        summary: 'Can X reach Y?',
        description:
          'Body `{from, to, port?, protocol?}`. `to` is a workload `ns/name` or a Service `ns/svc` (prefix `service/` to force the Service), optionally `:port[/protocol]`. Without a port: every declared port of the destination (every port of the Service).',
        tags: ['verdicts'],
        body: CheckBodySchema,
        response: { 200: CheckResponseSchema, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => {
      const snapshot = requireSnapshot(store);
      const outcome = checkFlow(snapshot.analysis, request.body);
      if (!outcome.ok) throw new HttpError(outcome.status, outcome.message);
      return { snapshot: store.info(snapshot), ...outcome.answer };
    },
  );
};
