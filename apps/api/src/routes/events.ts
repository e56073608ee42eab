/**
 * GET /api/v1/events: Server-Sent Events. On connect, `event: status` with the current
 * snapshot's metadata; then `event: snapshot` (id = version) with a ChangeSummary per new
 * snapshot, `event: status` when the source goes stale or recovers, and a `: heartbeat`
 * comment every interval so idle proxies keep the stream open.
 *
 * Bounded: at most `maxClients` streams (more get a 503), and at most `bufferBytes` waiting in
 * this process per stream — a client that stops reading is dropped there, not buffered without
 * end. It can reconnect with `Last-Event-ID` (EventSource does so by itself): the last
 * `ringEvents` snapshot events are kept (at most `ringBytes`), and a reconnect whose id is still
 * covered gets exactly the events it missed; one from further back gets `event: refresh` (the
 * current SnapshotInfo: reload everything). Each event is serialized once, as one Buffer all
 * streams share.
 */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HttpError } from '../plugins/errors.ts';
import { ErrorSchema } from '../schemas/common.ts';
import { ChangeSummarySchema, EventsQuerySchema } from '../schemas/events.ts';
import type { SnapshotStore } from '../snapshot/snapshotStore.ts';
import { rawReply, type RouteOptions } from './current.ts';

export interface EventLimits {
  /** Most open streams at once. */
  maxClients: number;
  /** Most bytes waiting to be sent to one client before it is dropped. */
  bufferBytes: number;
  /** Snapshot events kept for reconnects. */
  ringEvents: number;
  ringBytes: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { maxClients: 256, bufferBytes: 1024 * 1024, ringEvents: 64, ringBytes: 8 * 1024 * 1024 };

export interface EventsRouteOptions extends RouteOptions {
  heartbeatMs: number;
}

function frame(event: string, data: unknown, id?: number): Buffer {
  return Buffer.from(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, 'utf8');
}

const HEARTBEAT = Buffer.from(': heartbeat\n\n');

interface Client {
  stream: PassThrough;
  /** Bytes waiting in this process for the client. */
  buffered(): number;
  drop(): void;
}

/** Open streams and recent events: one subscription to the store, every frame built once. */
export class EventStreams {
  private readonly open = new Set<Client>();
  private ring: { id: number; frame: Buffer }[] = [];
  private ringSize = 0;
  /** Streams dropped because the client fell `bufferBytes` behind. */
  dropped = 0;
  /** Connections refused past `maxClients`. */
  refused = 0;
  /** Most bytes ever waiting for one client (metrics, tests). */
  maxBuffered = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(readonly limits: EventLimits = DEFAULT_EVENT_LIMITS) {}

  attach(store: SnapshotStore): void {
    this.unsubscribe = store.subscribe((e) => {
      if (e.type === 'snapshot') {
        const f = frame('snapshot', e.summary, e.summary.version);
        this.remember(e.summary.version, f);
        this.broadcast(f);
      } else this.broadcast(frame('status', e.info));
    });
  }

  get size(): number {
    return this.open.size;
  }

  get full(): boolean {
    return this.open.size >= this.limits.maxClients;
  }

  add(c: Client): void {
    this.open.add(c);
  }

  delete(c: Client): void {
    this.open.delete(c);
  }

  /** Writes to one client; drops it when it is too far behind. */
  write(c: Client, f: Buffer): void {
    if (c.stream.destroyed) return;
    c.stream.write(f);
    const waiting = c.buffered();
    if (waiting > this.maxBuffered) this.maxBuffered = waiting;
    if (waiting > this.limits.bufferBytes) {
      this.dropped++;
      this.open.delete(c);
      c.drop();
    }
  }

  broadcast(f: Buffer): void {
    for (const c of [...this.open]) this.write(c, f);
  }

  heartbeat(c: Client): void {
    this.write(c, HEARTBEAT);
  }

  /** The snapshot events after `id`, or undefined when some of them are no longer kept. */
  since(id: number, current: number): Buffer[] | undefined {
    if (id === current) return [];
    if (id > current) return undefined;
    const first = this.ring[0];
    if (!first || first.id > id + 1) return undefined;
    return this.ring.filter((e) => e.id > id).map((e) => e.frame);
  }

  private remember(id: number, f: Buffer): void {
    this.ring.push({ id, frame: f });
    this.ringSize += f.length;
    while (this.ring.length > this.limits.ringEvents || (this.ringSize > this.limits.ringBytes && this.ring.length > 1)) {
      this.ringSize -= this.ring.shift()!.frame.length;
    }
  }

  endAll(): void {
    this.unsubscribe?.();
    for (const c of this.open) c.stream.end();
    this.open.clear();
  }
}

export const eventRoutes: FastifyPluginAsyncTypebox<EventsRouteOptions & { streams: EventStreams }> = async (app, { store, heartbeatMs, streams }) => {
  app.get(
    '/api/v1/events',
    {
      schema: {
        summary: 'Live updates (Server-Sent Events)',
        description:
          '`event: snapshot` (id: version) carries a ChangeSummary — flows added, removed, reclassified — per new snapshot; `event: status` carries SnapshotInfo on connect and when staleness changes; `: heartbeat` comments keep the stream open. Reconnecting with `Last-Event-ID` replays the snapshot events missed while they are still kept, else sends `event: refresh` (SnapshotInfo: reload everything). A client that stops reading is dropped once too far behind; past the client limit the answer is 503. With a token, pass it as `?access_token=` (EventSource cannot send headers).',
        tags: ['live'],
        querystring: EventsQuerySchema,
        response: {
          200: {
            description: 'text/event-stream; each `data:` line is JSON: ChangeSummary for `snapshot` events, SnapshotInfo for `status` and `refresh` events.',
            content: { 'text/event-stream': { schema: Type.Union([ChangeSummarySchema, Type.String()]) } },
          },
          401: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      if (streams.full) {
        streams.refused++;
        reply.header('retry-after', '10');
        throw new HttpError(503, `too many event streams open (${streams.limits.maxClients}, --sse-max-clients): try again later`);
      }
      const stream = new PassThrough();
      const socket = request.raw.socket;
      const client: Client = {
        stream,
        buffered: () => stream.writableLength + stream.readableLength + (socket?.writableLength ?? 0),
        drop: () => {
          stream.destroy();
          socket?.destroy();
        },
      };
      streams.add(client);
      streams.write(client, Buffer.from('retry: 3000\n\n'));
      const current = store.current();
      const last = request.headers['last-event-id'];
      const lastId = typeof last === 'string' && /^\d+$/.test(last.trim()) ? Number(last.trim()) : undefined;
      if (!current) streams.write(client, Buffer.from(': waiting for the first snapshot\n\n'));
      else if (lastId !== undefined) {
        const missed = streams.since(lastId, current.version);
        if (missed) for (const f of missed) streams.write(client, f);
        else streams.write(client, frame('refresh', store.info(current), current.version));
        streams.write(client, frame('status', store.info(current)));
      } else streams.write(client, frame('status', store.info(current), current.version));
      const heartbeat = setInterval(() => streams.heartbeat(client), heartbeatMs);
      const close = () => {
        clearInterval(heartbeat);
        streams.delete(client);
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
