/**
 * POST /api/v1/check: can `from` reach `to` (a workload, or a Service resolved to its
 * workloads and target ports) on a port? The verdict contract with reasons per layer.
 *
 * Answers are serialized once per snapshot and question, kept in a bounded LRU (snapshot/checkAnswers.ts) and sent as
 * JSON text, so the schema serializer does not run on them; test/routes/check.test.ts checks
 * that the text says exactly what the response schema's serializer would write. The body is
 * validated against its schema as before: a bad question is a 400 with a message.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Counter } from 'prom-client';
import { HttpError } from '../plugins/errors.ts';
import { CheckBodySchema, CheckResponseSchema } from '../schemas/check.ts';
import { ErrorSchema } from '../schemas/common.ts';
import { strictBodyTypes } from '../schemas/strictBody.ts';
import { CheckResponder, checkAnswer, type AnswerCache } from '../snapshot/checkAnswers.ts';
import { rawReply, requireSnapshot, type RouteOptions } from './current.ts';

export interface CheckRouteOptions extends RouteOptions {
  /** Answers served from the snapshot's cache or computed (label `cache`: hit, miss). */
  answers?: Counter<'cache'>;
  /** Serialized answers (app-wide, bounded in bytes). */
  cache: AnswerCache;
}

const HIT = { cache: 'hit' };
const MISS = { cache: 'miss' };

export const checkRoutes: FastifyPluginAsyncTypebox<CheckRouteOptions> = async (app, { store, answers, cache }) => {
  const responder = new CheckResponder(store);
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
      // `"port": "5432"` or `true` is a 400, not coerced into a question nobody asked.
      preValidation: strictBodyTypes(CheckBodySchema),
    },
    async (request, reply) => {
      const snapshot = requireSnapshot(store);
      const outcome = checkAnswer(snapshot, request.body, cache);
      if (!outcome.ok) throw new HttpError(outcome.status, outcome.message);
      answers?.inc(outcome.cached ? HIT : MISS);
      return rawReply(reply).type('application/json; charset=utf-8').send(responder.body(snapshot, outcome.json));
    },
  );
};
