/**
 * GET /api/v1/snapshot and /api/v1/diagnostics: what the server holds and what it found.
 */
import { Type, type Static } from 'typebox';
import { DiagnosticSchema, SnapshotInfoSchema } from './common.ts';

export const RESOURCE_STATES = ['syncing', 'synced', 'forbidden', 'not-served', 'unreachable', 'error'] as const;

export const ResourceStatusSchema = Type.Object({
  resource: Type.String({ description: '`pods`, `networkpolicies.networking.k8s.io`, `servers.policy.linkerd.io/v1beta3` …' }),
  state: Type.Enum(RESOURCE_STATES),
  count: Type.Integer(),
  message: Type.Optional(Type.String()),
});

/** sources/source.ts SourceOrigin: the source as data, for the CLI flags that read the same objects. */
export const SourceOriginSchema = Type.Union(
  [
    Type.Object({ kind: Type.Literal('demo') }),
    Type.Object({ kind: Type.Literal('manifests'), paths: Type.Array(Type.String()) }),
    Type.Object({ kind: Type.Literal('cluster'), kubeconfig: Type.Optional(Type.String()), context: Type.Optional(Type.String()) }),
    Type.Object({ kind: Type.Literal('in-cluster') }),
  ],
  { description: 'The source as data (`snapshot.source` is its label): `demo`, manifest paths, a kubeconfig context, or in-cluster. Absent for a source with no CLI equivalent.' },
);

export const SnapshotResponseSchema = Type.Object({
  snapshot: SnapshotInfoSchema,
  origin: Type.Optional(SourceOriginSchema),
  recomputeMs: Type.Number({ description: 'How long building this snapshot took.' }),
  counts: Type.Object({
    objects: Type.Integer(),
    workloads: Type.Integer(),
    namespaces: Type.Integer(),
    edges: Type.Integer(),
    diagnostics: Type.Integer(),
    meshedWorkloads: Type.Integer({ description: 'Workloads with a Linkerd proxy, in the whole snapshot (no filter applies).' }),
    isolatedWorkloads: Type.Integer({ description: 'Workloads a NetworkPolicy isolates (ingress or egress), in the whole snapshot.' }),
    l7RestrictedEdges: Type.Integer({ description: 'Edges of the default graph a Linkerd authorization restricts (`both` or `l7-only`).' }),
    noMesh: Type.Boolean({ description: 'The dashboard banner: there are workloads and none is meshed (L7 is n/a for every flow).' }),
    noPolicies: Type.Boolean({ description: 'The dashboard banner "every flow is open": both layers read with nothing unknown, no admin or baseline tier policy, no workload isolated in either direction, and every flow of the default graph unprotected.' }),
  }),
  resources: Type.Array(ResourceStatusSchema, { description: 'Live source only: what could be read, per resource.' }),
});

export type SourceOrigin = Static<typeof SourceOriginSchema>;
export type SnapshotResponse = Static<typeof SnapshotResponseSchema>;

export const DiagnosticsResponseSchema = Type.Object({
  snapshot: SnapshotInfoSchema,
  diagnostics: Type.Array(DiagnosticSchema),
});
