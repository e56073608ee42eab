/**
 * GET /api/v1/overview: the graph folded to namespaces (model graph/overview.ts), with the same
 * query as /api/v1/graph.
 */
import { Type } from 'typebox';
import { COVERAGES, EDGE_CLASSES } from '@accessgraph/model';
import { SnapshotInfoSchema } from './common.ts';

const count = Type.Integer({ minimum: 0 });

export const CoverageSchema = Type.Enum(COVERAGES, {
  description: 'How many of the namespace’s workloads a NetworkPolicy isolates; `unknown` when L4 could not be read for some.',
});

export const ClassCountsSchema = Type.Object(Object.fromEntries(EDGE_CLASSES.map((c) => [c, count])) as Record<(typeof EDGE_CLASSES)[number], typeof count>, {
  description: 'Workload pairs by edge class (the weakest of their ports; conflict and unknown first).',
});

export const NamespacePostureSchema = Type.Object({
  ingressDefaultDeny: CoverageSchema,
  egressDefaultDeny: CoverageSchema,
  l7DefaultPolicy: Type.String({ description: 'Default inbound policy of its meshed workloads; `mixed`, `n/a` (none meshed) or `unknown`.' }),
  openPorts: Type.Integer({ minimum: 0, description: 'Workload ports every other workload reaches (the ⚠ open badges).' }),
  findings: Type.Object({ error: count, warning: count, info: count }),
});

export const OverviewNamespaceSchema = Type.Object({
  name: Type.String(),
  workloads: count,
  meshedWorkloads: count,
  posture: NamespacePostureSchema,
});

export const OverviewPairSchema = Type.Object({
  from: Type.String({ description: 'Source namespace.' }),
  to: Type.String({ description: 'Destination namespace.' }),
  counts: ClassCountsSchema,
  flows: Type.Integer({ minimum: 0, description: 'Workload pairs with a flow (the sum of counts).' }),
  ports: Type.Integer({ minimum: 0, description: 'Workload pair × port entries.' }),
});

export const OverviewResponseSchema = Type.Object(
  {
    snapshot: SnapshotInfoSchema,
    namespaces: Type.Array(OverviewNamespaceSchema),
    pairs: Type.Array(OverviewPairSchema),
  },
  { description: 'Namespaces (sorted by name) and namespace pairs with flows (sorted by from, to), filtered like /api/v1/graph.' },
);
