/**
 * GET /api/v1/events: Server-Sent Events. On connect, `event: status` with the current
 * snapshot's metadata; then `event: snapshot` (id = version) with a ChangeSummary per new
 * snapshot, `event: status` when the source goes stale or recovers, and a `: heartbeat`
 * comment every interval so idle proxies keep the stream open.
 */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorSchema } from '../schemas/common.ts';
import { ChangeSummarySchema, EventsQuerySchema } from '../schemas/events.ts';
import { rawReply, type RouteOptions } from './current.ts';

export interface EventsRouteOptions extends RouteOptions {
  heartbeatMs: number;
}

/** Open streams, so a closing server can end them instead of waiting for clients. */
export class EventStreams {
  private readonly open = new Set<PassThrough>();
  add(s: PassThrough): void {
    this.open.add(s);
  }
  delete(s: PassThrough): void {
    this.open.delete(s);
  }
  get size(): number {
    return this.open.size;
  }
  endAll(): void {
    for (const s of this.open) s.end();
    this.open.clear();
  }
}

function frame(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const eventRoutes: FastifyPluginAsyncTypebox<EventsRouteOptions & { streams: EventStreams }> = async (app, { store, heartbeatMs, streams }) => {
  app.get(
    '/api/v1/events',
    {
      schema: {
        summary: 'Live updates (Server-Sent Events)',
        description:
          '`event: snapshot` (id: version) carries a ChangeSummary — flows added, removed, reclassified — per new snapshot; `event: status` carries SnapshotInfo on connect and when staleness changes; `: heartbeat` comments keep the stream open. With a token, pass it as `?access_token=` (EventSource cannot send headers).',
        tags: ['live'],
        querystring: EventsQuerySchema,
        response: {
          200: {
            description: 'text/event-stream; each `data:` line is JSON: ChangeSummary for `snapshot` events, SnapshotInfo for `status` events.',
            content: { 'text/event-stream': { schema: Type.Union([ChangeSummarySchema, Type.String()]) } },
          },
          401: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const stream = new PassThrough();
      streams.add(stream);
      stream.write('retry: 3000\n\n');
      const current = store.current();
      if (current) stream.write(frame('status', store.info(current), current.version));
      else stream.write(': waiting for the first snapshot\n\n');
      const unsubscribe = store.subscribe((e) => {
        if (e.type === 'snapshot') stream.write(frame('snapshot', e.summary, e.summary.version));
        else stream.write(frame('status', e.info));
      });
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), heartbeatMs);
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(stream);
        stream.end();
      };
      request.raw.once('close', close);
      stream.once('close', close);
      reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no');
      return rawReply(reply).send(stream);
    },
  );
};
