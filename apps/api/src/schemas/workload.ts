/**
 * GET /api/v1/workloads/:namespace/:name: one workload, the policies that select it at each
 * layer (with their YAML as the source holds it) and its edges.
 */
import { Type, type Static } from 'typebox';
import { POLICY_ROLES } from '@accessgraph/model';
import { DiagnosticSchema, LabelsSchema, NameSchema, ProtocolSchema, SnapshotInfoSchema } from './common.ts';
import { GraphEdgeSchema } from './graph.ts';

export const WorkloadParamsSchema = Type.Object({ namespace: NameSchema, name: NameSchema });
/** `ns/<kind>/name`: the id of a workload whose namespace/name a workload of another kind shares (issue 15). */
export const KindWorkloadParamsSchema = Type.Object({ namespace: NameSchema, kind: Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z]+$' }), name: NameSchema });

export const WorkloadQuerySchema = Type.Object({
  includeOpen: Type.Optional(Type.Boolean({ default: false, description: 'Also list the edges of ports open to all.' })),
});

export const WorkloadPolicySchema = Type.Object({
  role: Type.Enum(POLICY_ROLES, { description: 'selects (L4: a NetworkPolicy or admin-tier policy selecting it), server, route, authorizes, authentication, default-policy (the workload or namespace annotation that sets its default inbound policy).' }),
  kind: Type.String(),
  apiVersion: Type.Optional(Type.String()),
  namespace: Type.String(),
  name: Type.String(),
  file: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  summary: Type.String({ description: 'One line: what it does for this workload.' }),
  directions: Type.Optional(Type.Array(Type.Enum(['ingress', 'egress'] as const), { description: 'L4: the directions in which it decides for this workload (a NetworkPolicy isolates it; a tier policy has rules); empty when it selects without isolating.' })),
  yaml: Type.String({ description: 'The object as the source holds it (managedFields dropped).' }),
});
export type WorkloadPolicy = Static<typeof WorkloadPolicySchema>;

export const WorkloadDetailSchema = Type.Object({
  id: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  labels: LabelsSchema,
  annotations: LabelsSchema,
  serviceAccount: Type.String(),
  meshed: Type.Boolean(),
  meshedBy: Type.Enum(['proxy-container', 'workload-annotation', 'namespace-annotation', 'none'] as const),
  ports: Type.Array(Type.Object({ name: Type.Optional(Type.String()), port: Type.Integer(), protocol: ProtocolSchema, container: Type.String() })),
  ips: Type.Array(Type.String()),
  podCount: Type.Integer(),
  openToAll: Type.Array(Type.String()),
  l4Isolated: Type.Boolean(),
});

export const WorkloadResponseSchema = Type.Object({
  snapshot: SnapshotInfoSchema,
  workload: WorkloadDetailSchema,
  policies: Type.Object({ l4: Type.Array(WorkloadPolicySchema), l7: Type.Array(WorkloadPolicySchema) }),
  inbound: Type.Array(GraphEdgeSchema),
  outbound: Type.Array(GraphEdgeSchema),
  diagnostics: Type.Array(DiagnosticSchema, { description: 'Findings about this workload or the policies that select it.' }),
  openSummarised: Type.Optional(
    Type.Literal(true, {
      description:
        'No longer set: with includeOpen the workload page lists the flows through ports open to all at any cluster size (they are computed for this workload alone). Kept for clients of older servers, which set it when includeOpen was not honoured: the edges were then those of the default graph, the ports every workload reaches only in `openToAll`.',
    }),
  ),
});
export type WorkloadResponse = Static<typeof WorkloadResponseSchema>;
