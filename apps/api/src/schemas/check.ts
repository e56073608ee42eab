/**
 * POST /api/v1/check: one question, answered with the verdict contract. The destination is a
 * workload (`ns/name`) or a Service (`ns/svc`, or `service/ns/svc` to be explicit), optionally
 * with `:port[/protocol]` as the CLI's `check` accepts it.
 */
import { Type, type Static } from 'typebox';
import { ProtocolSchema, SnapshotInfoSchema, WorkloadIdSchema } from './common.ts';
import { CellSchema } from './verdict.ts';

export const CheckBodySchema = Type.Object(
  {
    // `external:<CIDR>` (an outside peer, issue 17) also fits the workload id pattern.
    from: WorkloadIdSchema,
    to: Type.String({
      minLength: 3,
      maxLength: 530,
      pattern: '^((service/|svc/)?[^/\\s:]+/([a-z]+/)?[^/\\s:]+|external:[0-9A-Fa-f.:]+/[0-9]{1,3})(:[0-9A-Za-z-]{1,15}(/[A-Za-z]{3,4})?)?$',
      description:
        'Workload `ns/name`, or a Service `ns/svc` (a workload of that name wins; prefix `service/` to force the Service), or an outside peer `external:<CIDR>` (e.g. `external:0.0.0.0/0`), with an optional `:port[/protocol]` (a Service port may be named; an outside peer needs a number).',
    }),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    protocol: Type.Optional(ProtocolSchema),
  },
  { additionalProperties: false },
);
export type CheckBody = Static<typeof CheckBodySchema>;

export const ServiceTargetSchema = Type.Object({
  workload: Type.String(),
  servicePort: Type.Integer(),
  port: Type.Integer({ description: 'The target port on the workload.' }),
  protocol: ProtocolSchema,
});

export const ServiceResolutionSchema = Type.Object({
  namespace: Type.String(),
  name: Type.String(),
  targets: Type.Array(ServiceTargetSchema),
  notes: Type.Array(Type.String(), { description: 'Ports or workloads that could not be resolved, in words.' }),
});
export type ServiceResolution = Static<typeof ServiceResolutionSchema>;

export const CheckResponseSchema = Type.Object(
  {
    snapshot: SnapshotInfoSchema,
    from: Type.String(),
    to: Type.String({ description: 'The destination as asked.' }),
    service: Type.Optional(ServiceResolutionSchema),
    allowed: Type.Unsafe<boolean | null>({
      type: ['boolean', 'null'],
      description: 'Over all cells: false if any is denied, null if any is unknown, else true (null when there are no cells).',
    }),
    cells: Type.Array(CellSchema, { description: 'One per (destination workload, port): one for a workload and a port.' }),
  },
  { description: 'The verdicts with their reasons.' },
);
export type CheckResponse = Static<typeof CheckResponseSchema>;
