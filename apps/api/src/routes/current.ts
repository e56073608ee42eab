/**
 * What every route starts from: the store's current snapshot, or a 503 while the source is
 * still syncing. Plus the request-parsing helpers the routes share.
 */
import type { FastifyReply } from 'fastify';
import { isPortTextProblem, parsePortText, type Protocol } from '@accessgraph/model';
import { HttpError } from '../plugins/errors.ts';
import type { Snapshot } from '../snapshot/snapshot.ts';
import type { SnapshotStore } from '../snapshot/snapshotStore.ts';

export interface RouteOptions {
  store: SnapshotStore;
}

export function requireSnapshot(store: SnapshotStore): Snapshot {
  const s = store.current();
  if (s) return s;
  const why = store.firstFailure;
  throw new HttpError(503, why ? 'the first snapshot could not be built; see the server log' : `no snapshot yet: ${store.source} is still being read`);
}

/** Port specs from a query (`5432`, `5432/TCP`), range-checked: a 400 names the bad one. */
export function portSpecs(specs: readonly string[] | undefined): { port: number; protocol?: Protocol }[] {
  return (specs ?? []).map((spec) => {
    const p = parsePortText(spec);
    // The schema has checked the shape (PORT_SPEC_PATTERN): a number, optionally /protocol.
    if (isPortTextProblem(p) || p.kind !== 'number') throw new HttpError(400, `port ${spec} is not in 1-65535`);
    return p.protocol ? { port: p.port, protocol: p.protocol } : { port: p.port };
  });
}

/**
 * The reply without the type provider's body typing, for payloads the schema serializer does
 * not see: an already serialized body (from the response cache), a stream, an empty 304.
 */
export function rawReply(reply: unknown): FastifyReply {
  return reply as FastifyReply;
}
