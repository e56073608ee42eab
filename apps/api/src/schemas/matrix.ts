/**
 * GET /api/v1/matrix: the CLI's `matrix --format json` document, or CSV for auditors.
 */
import { Type } from 'typebox';
import { DiagnosticSchema, NameSchema, PortSpecSchema, WorkloadSummarySchema } from './common.ts';
import { CellSchema } from './verdict.ts';

export const MatrixWorkloadSchema = WorkloadSummarySchema;

export const MatrixSchema = Type.Object(
  {
    workloads: Type.Array(MatrixWorkloadSchema),
    cells: Type.Array(CellSchema),
    diagnostics: Type.Array(DiagnosticSchema),
  },
  { description: 'Exactly `accessgraph matrix --format json`: every ordered pair of distinct workloads × each port.' },
);

export const MATRIX_FORMATS = ['json', 'csv'] as const;

export const MatrixQuerySchema = Type.Object({
  port: Type.Optional(
    Type.Array(PortSpecSchema, { maxItems: 100, description: "Repeatable, like the CLI's --port. Without it: each destination's declared ports." }),
  ),
  namespace: Type.Optional(Type.Array(NameSchema, { maxItems: 200, description: 'Repeatable. Only destinations in these namespaces.' })),
  format: Type.Optional(Type.Enum(MATRIX_FORMATS, { default: 'json' })),
});
