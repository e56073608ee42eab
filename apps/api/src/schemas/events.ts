/**
 * GET /api/v1/events (Server-Sent Events). `event: snapshot` carries a ChangeSummary per new
 * snapshot version; `event: status` carries SnapshotInfo when staleness changes (and once on
 * connect); comments (`: heartbeat`) keep proxies from closing the stream.
 */
import { Type, type Static } from 'typebox';
import { ProtocolSchema, SnapshotInfoSchema } from './common.ts';
import { EdgeClassSchema } from './graph.ts';

export const EdgeChangeSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  port: Type.Integer(),
  protocol: ProtocolSchema,
  before: Type.Optional(EdgeClassSchema),
  after: Type.Optional(EdgeClassSchema),
});
export type EdgeChange = Static<typeof EdgeChangeSchema>;

export const ChangeSummarySchema = Type.Object(
  {
    version: Type.Integer(),
    previousVersion: Type.Union([Type.Integer(), Type.Null()]),
    snapshot: SnapshotInfoSchema,
    counts: Type.Object({ added: Type.Integer(), removed: Type.Integer(), reclassified: Type.Integer() }),
    added: Type.Array(EdgeChangeSchema, { description: 'Flows drawn now and not before (at most `limit`).' }),
    removed: Type.Array(EdgeChangeSchema),
    reclassified: Type.Array(EdgeChangeSchema, { description: 'Same flow, another class (e.g. both → l4-only).' }),
    truncated: Type.Boolean({ description: 'Some lists were cut at `limit`; the counts are complete.' }),
    limit: Type.Integer(),
    workloads: Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()) }),
    diagnostics: Type.Object({ before: Type.Integer(), after: Type.Integer() }),
  },
  { description: 'What a new snapshot changed, per flow (workload pair × port); open-to-all ports count as class `none` for every source.' },
);
export type ChangeSummary = Static<typeof ChangeSummarySchema>;

export const EventsQuerySchema = Type.Object({
  access_token: Type.Optional(Type.String({ maxLength: 512, description: 'EventSource cannot send headers: the bearer token may come here.' })),
});
