/**
 * The response schemas must say exactly what the model types say: Fastify's serializer writes
 * only declared properties, so a field the schema forgot would vanish silently from answers.
 * Checked by the type checker (`pnpm lint`) and, for the closed sets, at runtime.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Static } from 'typebox';
import {
  DIAGNOSTIC_CODES,
  EDGE_CLASSES,
  L4_VERDICTS,
  L7_VERDICTS,
  REASON_ROLES,
  type Cell,
  type Diagnostic,
  type EdgePort,
  type GraphEdge,
  type GraphNamespace,
  type GraphNode,
  type OverviewNamespace,
  type OverviewPair,
  COVERAGES,
  type Reason,
  type SnapshotInfo,
} from '@accessgraph/model';
import { DiagnosticSchema, SnapshotInfoSchema } from '../../src/schemas/common.ts';
import { EdgePortSchema, GraphEdgeSchema, GraphNamespaceSchema, GraphNodeSchema } from '../../src/schemas/graph.ts';
import { CellSchema, ReasonSchema } from '../../src/schemas/verdict.ts';
import { CoverageSchema, OverviewNamespaceSchema, OverviewPairSchema } from '../../src/schemas/overview.ts';

describe('schemas match the model types', () => {
  it('field for field', () => {
    expectTypeOf<Static<typeof ReasonSchema>>().toEqualTypeOf<Reason>();
    expectTypeOf<Static<typeof CellSchema>>().toEqualTypeOf<Cell>();
    expectTypeOf<Static<typeof DiagnosticSchema>>().toEqualTypeOf<Diagnostic>();
    expectTypeOf<Static<typeof SnapshotInfoSchema>>().toEqualTypeOf<SnapshotInfo>();
    expectTypeOf<Static<typeof GraphNodeSchema>>().toEqualTypeOf<GraphNode>();
    expectTypeOf<Static<typeof GraphNamespaceSchema>>().toEqualTypeOf<GraphNamespace>();
    expectTypeOf<Static<typeof EdgePortSchema>>().toEqualTypeOf<EdgePort>();
    expectTypeOf<Static<typeof GraphEdgeSchema>>().toEqualTypeOf<GraphEdge>();
    expectTypeOf<Static<typeof OverviewNamespaceSchema>>().toEqualTypeOf<OverviewNamespace>();
    expectTypeOf<Static<typeof OverviewPairSchema>>().toEqualTypeOf<OverviewPair>();
  });

  it('closed sets come from the model lists', () => {
    expect(DiagnosticSchema.properties.code.enum).toEqual([...DIAGNOSTIC_CODES]);
    expect(ReasonSchema.properties.role.enum).toEqual([...REASON_ROLES]);
    expect(CellSchema.properties.l4.enum).toEqual([...L4_VERDICTS]);
    expect(CellSchema.properties.l7.enum).toEqual([...L7_VERDICTS]);
    expect(GraphEdgeSchema.properties.class.enum).toEqual([...EDGE_CLASSES]);
    expect(CoverageSchema.enum).toEqual([...COVERAGES]);
    expect(Object.keys(OverviewPairSchema.properties.counts.properties)).toEqual([...EDGE_CLASSES]);
  });
});
