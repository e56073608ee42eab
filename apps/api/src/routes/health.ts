/**
 * /healthz (the process answers) and /readyz (the first snapshot is complete). Neither needs
 * the token, so probes and load balancers can use them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteOptions } from './current.ts';

const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'ready', 'starting', 'failed'] as const),
  message: Type.Optional(Type.String()),
  version: Type.Optional(Type.Integer()),
  stale: Type.Optional(Type.Boolean()),
});

export const healthRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { store }) => {
  app.get('/healthz', { schema: { summary: 'Liveness', tags: ['health'], response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/readyz',
    { schema: { summary: 'Readiness: the first snapshot is complete', tags: ['health'], response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_request, reply) => {
      const s = store.current();
      if (s) return { status: 'ready' as const, version: s.version, stale: store.currentHealth.stale };
      const failure = store.firstFailure;
      return reply.code(503).send(
        failure
          ? { status: 'failed' as const, message: 'the first snapshot could not be built; see the server log' }
          : { status: 'starting' as const, message: `reading ${store.source}` },
      );
    },
  );
};
