/**
 * GET /api/v1/overview: the graph folded to namespaces (model graph/overview.ts), with the same
 * query as /api/v1/graph.
 */
import { Type } from 'typebox';
import { COVERAGES, EDGE_CLASSES } from '@accessgraph/model';
import { SnapshotInfoSchema } from './common.ts';
import { GraphQuerySchema } from './graph.ts';

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

/** /api/v1/overview's query: the graph filters, and the answer's format. */
export const OverviewQuerySchema = Type.Object({
  ...GraphQuerySchema.properties,
  format: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('compact')], {
      default: 'json',
      description: '`compact`: the same overview columnar (CompactOverviewResponseSchema), what the dashboard asks: at 30,000 workloads ~350,000 namespace pairs are 47 MB as JSON objects and a few MB columnar.',
    }),
  ),
});

const ints = (description: string) => Type.Array(count, { description });
const deltas = (description: string) => Type.Array(Type.Integer(), { description });

export const CompactOverviewResponseSchema = Type.Object(
  {
    snapshot: SnapshotInfoSchema,
    format: Type.Literal('compact-1'),
    classes: Type.Array(Type.String(), { description: 'Edge classes, in the order of pairs.counts.' }),
    coverages: Type.Array(Type.String(), { description: 'Values of namespaces.ingressDefaultDeny / egressDefaultDeny (indices into this list).' }),
    l7Policies: Type.Array(Type.String(), { description: 'Values of namespaces.l7DefaultPolicy (indices into this list).' }),
    names: Type.Array(Type.String(), { description: 'The namespaces, sorted by name; the arrays of `namespaces` are indexed like it.' }),
    extraNames: Type.Array(Type.String(), { description: 'Namespaces a pair names that are not in `names` (a namespace index is into names followed by extraNames).' }),
    namespaces: Type.Object({
      workloads: ints('Workloads per namespace.'),
      meshedWorkloads: ints('Meshed workloads per namespace.'),
      ingressDefaultDeny: ints('Index into `coverages`.'),
      egressDefaultDeny: ints('Index into `coverages`.'),
      l7DefaultPolicy: ints('Index into `l7Policies`.'),
      openPorts: ints('Ports every other workload reaches.'),
      errors: ints('Findings of severity error.'),
      warnings: ints('Findings of severity warning.'),
      infos: ints('Findings of severity info.'),
    }),
    pairs: Type.Object({
      length: count,
      from: deltas('Per pair (sorted by from, to): its source namespace index minus the previous pair’s (the first pair: minus 0).'),
      to: deltas('Per pair: its destination namespace index minus the previous pair’s when both have the same source, else the index itself.'),
      counts: Type.Array(Type.Array(count), {
        description: 'Per class of `classes`: the pairs with a non-zero count of it, as flat `gap, count` couples; gap = pair index minus the previous such pair’s (the first: minus -1). Flows of a pair = the sum of its counts.',
      }),
      extraPorts: deltas('Per pair: workload pair × port entries minus flows.'),
    }),
  },
  { description: 'The overview of OverviewResponseSchema, columnar (`?format=compact`); decoded it is that answer exactly.' },
);
