/**
 * GET /api/v1/snapshot and /api/v1/diagnostics: what the server holds and what it found.
 */
import { Type } from 'typebox';
import { DiagnosticSchema, SnapshotInfoSchema } from './common.ts';

export const RESOURCE_STATES = ['syncing', 'synced', 'forbidden', 'not-served', 'unreachable', 'error'] as const;

export const ResourceStatusSchema = Type.Object({
  resource: Type.String({ description: '`pods`, `networkpolicies.networking.k8s.io`, `servers.policy.linkerd.io/v1beta3` …' }),
  state: Type.Enum(RESOURCE_STATES),
  count: Type.Integer(),
  message: Type.Optional(Type.String()),
});

export const SnapshotResponseSchema = Type.Object({
  snapshot: SnapshotInfoSchema,
  recomputeMs: Type.Number({ description: 'How long building this snapshot took.' }),
  counts: Type.Object({
    objects: Type.Integer(),
    workloads: Type.Integer(),
    namespaces: Type.Integer(),
    edges: Type.Integer(),
    diagnostics: Type.Integer(),
  }),
  resources: Type.Array(ResourceStatusSchema, { description: 'Live source only: what could be read, per resource.' }),
});

export const DiagnosticsResponseSchema = Type.Object({
  snapshot: SnapshotInfoSchema,
  diagnostics: Type.Array(DiagnosticSchema),
});
