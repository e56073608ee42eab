/**
 * The verdict contract (model verdict/types.ts) as TypeBox schemas: Reason and Cell, shared by
 * /api/v1/check, /api/v1/matrix and the workload page.
 */
import { Type } from 'typebox';
import { L4_VERDICTS, L7_VERDICTS, PROTECTIONS, REASON_ROLES, type Protection } from '@accessgraph/model';
import { ProtocolSchema } from './common.ts';

export const ReasonSchema = Type.Object({
  role: Type.Enum(REASON_ROLES),
  kind: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  direction: Type.Optional(Type.Enum(['ingress', 'egress'] as const)),
  rule: Type.Optional(Type.Integer()),
  file: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  text: Type.String(),
});

export const L4VerdictSchema = Type.Enum(L4_VERDICTS);
export const L7VerdictSchema = Type.Enum(L7_VERDICTS);
// Nullable values as type arrays, not anyOf: the serializer then checks a type instead of
// validating each branch, on every cell of every answer.
export const AllowedSchema = Type.Unsafe<boolean | null>({
  type: ['boolean', 'null'],
  description: 'false when a layer denies; null when a layer is unknown and none denies; true otherwise.',
});
export const ProtectionSchema = Type.Unsafe<Protection | null>({ type: ['string', 'null'], enum: [...PROTECTIONS, null], description: 'For allowed flows only.' });

export const CellSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  port: Type.Integer(),
  protocol: ProtocolSchema,
  l4Port: Type.Integer({ description: 'The port the CNI saw: the proxy inbound port for meshed→meshed TCP.' }),
  l4: L4VerdictSchema,
  l7: L7VerdictSchema,
  allowed: AllowedSchema,
  protection: ProtectionSchema,
  reasons: Type.Object({ l4: Type.Array(ReasonSchema), l7: Type.Array(ReasonSchema) }),
});
