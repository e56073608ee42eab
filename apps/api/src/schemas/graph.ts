/**
 * The access graph (model graph/types.ts) as TypeBox schemas, plus the /api/v1/graph query.
 * The web app codes against these names.
 */
import { Type } from 'typebox';
import { EDGE_CLASSES, LAYERS } from '@accessgraph/model';
import { DiagnosticSchema, LabelsSchema, ObjectRefSchema, NameSchema, PortSpecSchema, ProtocolSchema, SnapshotInfoSchema, WorkloadSummarySchema } from './common.ts';
import { AllowedSchema, L4VerdictSchema, L7VerdictSchema, ProtectionSchema } from './verdict.ts';

export const GraphPortSchema = Type.Object({
  name: Type.Optional(Type.String()),
  port: Type.Integer(),
  protocol: ProtocolSchema,
});

export const GraphNodeSchema = Type.Object({
  ...WorkloadSummarySchema.properties,
  labels: LabelsSchema,
  ports: Type.Array(GraphPortSchema),
  openToAll: Type.Array(Type.String(), { description: 'Ports (`5432/TCP`) every workload reaches with nothing restricting.' }),
  l4Isolated: Type.Boolean(),
  sensitive: Type.Boolean(),
  exposures: Type.Optional(
    Type.Array(Type.Object({ object: ObjectRefSchema, path: Type.String() }), {
      description: 'How clients outside the cluster reach this workload: a NodePort/LoadBalancer Service, an Ingress or a Gateway API route (object and sentence). Absent when none.',
    }),
  ),
});

export const GraphNamespaceSchema = Type.Object({
  name: Type.String(),
  labels: LabelsSchema,
  meshed: Type.Boolean(),
  workloadCount: Type.Integer(),
  openWorkloads: Type.Integer(),
  implicit: Type.Boolean(),
});

export const EdgeClassSchema = Type.Enum(EDGE_CLASSES);

export const EdgePortSchema = Type.Object({
  port: Type.Integer(),
  protocol: ProtocolSchema,
  l4Port: Type.Integer(),
  l4: L4VerdictSchema,
  l7: L7VerdictSchema,
  allowed: AllowedSchema,
  protection: ProtectionSchema,
  class: EdgeClassSchema,
  proxyPortBlocked: Type.Optional(
    Type.Literal(true, { description: 'L4 denied this meshed flow on the proxy inbound port (l4Port) although the NetworkPolicies admit it on the application port: the rule meant to allow it (class conflict when L7 lets the client in).' }),
  ),
});

export const GraphEdgeSchema = Type.Object({
  id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  class: EdgeClassSchema,
  mixed: Type.Boolean(),
  ports: Type.Array(EdgePortSchema),
});

export const GraphSchema = Type.Object({
  namespaces: Type.Array(GraphNamespaceSchema),
  nodes: Type.Array(GraphNodeSchema),
  edges: Type.Array(GraphEdgeSchema),
  diagnostics: Type.Array(DiagnosticSchema),
});

export const GraphResponseSchema = Type.Object(
  {
    snapshot: SnapshotInfoSchema,
    namespaces: Type.Array(GraphNamespaceSchema),
    nodes: Type.Array(GraphNodeSchema),
    edges: Type.Array(GraphEdgeSchema),
    diagnostics: Type.Array(DiagnosticSchema),
  },
  { description: 'The access graph of the current snapshot, filtered.' },
);

export const GraphQuerySchema = Type.Object({
  namespace: Type.Optional(
    Type.Array(NameSchema, {
      maxItems: 200,
      description: 'Repeatable. Keep workloads of these namespaces, the edges touching them and the workloads at their other end.',
    }),
  ),
  layer: Type.Optional(
    Type.Enum(LAYERS, { description: 'Keep the edge ports this layer has a say on (l4: allow/deny; l7: allow/partial/authenticated/deny).' }),
  ),
  protection: Type.Optional(Type.Array(EdgeClassSchema, { maxItems: 6, description: 'Repeatable. Keep the edge ports of these classes.' })),
  port: Type.Optional(Type.Array(PortSpecSchema, { maxItems: 100, description: 'Repeatable. Keep the edge ports on these ports (`5432` or `5432/TCP`).' })),
  includeOpen: Type.Optional(
    Type.Boolean({ default: false, description: 'Also draw the flows of ports open to all (GraphNode.openToAll), one edge per source.' }),
  ),
});

/** /api/v1/graph's query: the graph filters, and whether the answer carries its diagnostics. */
export const GraphRouteQuerySchema = Type.Object({
  ...GraphQuerySchema.properties,
  diagnostics: Type.Optional(
    Type.Boolean({
      default: true,
      description: 'false: leave the diagnostics out (an empty list). The dashboard\'s namespace overview asks ?namespace=NS&diagnostics=false for an expansion: it reads the findings once from /api/v1/diagnostics, and at 10,000 workloads those naming one namespace\'s neighbours are ~90 % of the answer.',
    }),
  ),
});
