/**
 * Schemas shared by every route: errors, snapshot metadata, diagnostics, ports. Each mirrors a
 * model type field for field (test/schemas/contract.test.ts pins them), because Fastify's
 * serializer writes only the properties a response schema declares.
 */
import { Type, type Static } from 'typebox';
import { DIAGNOSTIC_CODES, PROTOCOLS, SEVERITIES } from '@accessgraph/model';

/** Every non-2xx answer: `{statusCode, error, message}`; 5xx messages are generic. */
export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
  },
  { $id: 'Error', description: 'A request the server could not answer; `message` says why (hidden for 5xx).' },
);
export type ErrorBody = Static<typeof ErrorSchema>;

export const ProtocolSchema = Type.Enum(PROTOCOLS);

export const LabelsSchema = Type.Record(Type.String(), Type.String());

export const LayerStateSchema = Type.Object({
  state: Type.Enum(['known', 'unknown'] as const),
  reason: Type.Optional(Type.String()),
});

export const SnapshotInfoSchema = Type.Object(
  {
    version: Type.Integer({ description: 'Increases by one per recomputed snapshot.' }),
    source: Type.String({ description: '`demo`, `manifests: a, b`, `context: prod`, `in-cluster`.' }),
    takenAt: Type.String({ description: 'ISO time the snapshot was taken.' }),
    stale: Type.Boolean({ description: 'The source stopped answering; this is the last good snapshot.' }),
    staleForSeconds: Type.Optional(Type.Number({ description: 'Seconds since the source last answered, when stale.' })),
    layers: Type.Object({ l4: LayerStateSchema, l7: LayerStateSchema }),
  },
  { description: 'Which snapshot an answer comes from.' },
);

export const ObjectRefSchema = Type.Object({
  kind: Type.String(),
  apiVersion: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  name: Type.String(),
  file: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
});

export const DiagnosticSchema = Type.Object({
  code: Type.Enum(DIAGNOSTIC_CODES),
  severity: Type.Enum(SEVERITIES),
  object: Type.Optional(ObjectRefSchema),
  file: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  path: Type.Optional(Type.String()),
  message: Type.String(),
  workloads: Type.Optional(Type.Array(Type.String())),
  port: Type.Optional(Type.String()),
});

/** `5432`, `5432/TCP`, `53/udp`: a port with an optional protocol (TCP when omitted). */
export const PORT_SPEC_PATTERN = '^[0-9]{1,5}(/([Tt][Cc][Pp]|[Uu][Dd][Pp]|[Ss][Cc][Tt][Pp]))?$';
export const PortSpecSchema = Type.String({ pattern: PORT_SPEC_PATTERN, description: 'A port with an optional protocol: `5432`, `5432/TCP`, `53/UDP`.' });

/**
 * Names as they appear in manifests: no slash, no whitespace, bounded. Lenient on purpose (a
 * manifest may carry a name the API server would refuse); the lookup answers 404 for the rest.
 */
export const NameSchema = Type.String({ minLength: 1, maxLength: 253, pattern: '^[^/\\s]+$' });
/** A workload id `namespace/name`. */
export const WorkloadIdSchema = Type.String({ minLength: 3, maxLength: 507, pattern: '^[^/\\s]+/([a-z]+/)?[^/\\s]+$', description: 'A workload id `namespace/name`, or `namespace/<kind>/name` when workloads of two kinds share namespace and name.' });

/** What every listing of workloads says of one (model WorkloadSummary; the matrix's entries). */
export const WorkloadSummarySchema = Type.Object({
  id: Type.String({ description: 'namespace/name' }),
  namespace: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  meshed: Type.Boolean(),
  serviceAccount: Type.String(),
});
