/**
 * The response schemas must say exactly what the model types say: Fastify's serializer writes
 * only declared properties, so a field the schema forgot would vanish silently from answers.
 * Field for field in schemaTypes.typecheck.ts (checked by `pnpm typecheck`, not at run time);
 * the closed sets here, at run time.
 */
import { describe, expect, it } from 'vitest';
import { COVERAGES, DIAGNOSTIC_CODES, EDGE_CLASSES, L4_VERDICTS, L7_VERDICTS, REASON_ROLES } from '@accessgraph/model';
import { DiagnosticSchema } from '../../src/schemas/common.ts';
import { GraphEdgeSchema } from '../../src/schemas/graph.ts';
import { CellSchema, ReasonSchema } from '../../src/schemas/verdict.ts';
import { CoverageSchema, OverviewPairSchema } from '../../src/schemas/overview.ts';

describe('schemas match the model types', () => {
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
