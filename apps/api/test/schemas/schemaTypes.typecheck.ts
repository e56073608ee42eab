/**
 * The response schemas' static types equal the model types, field for field: Fastify's serializer
 * writes only declared properties, so a field a schema forgot would vanish silently from answers.
 * A type-level check: `tsc -p apps/api/tsconfig.json` (part of `pnpm typecheck` / `pnpm lint`)
 * fails on a difference. Not a vitest file: at run time it would check nothing.
 */
import type { Static } from 'typebox';
import type { Cell, Diagnostic, EdgePort, GraphEdge, GraphNamespace, GraphNode, OverviewNamespace, OverviewPair, Reason, SnapshotInfo } from '@accessgraph/model';
import type { DiagnosticSchema, SnapshotInfoSchema } from '../../src/schemas/common.ts';
import type { EdgePortSchema, GraphEdgeSchema, GraphNamespaceSchema, GraphNodeSchema } from '../../src/schemas/graph.ts';
import type { CellSchema, ReasonSchema } from '../../src/schemas/verdict.ts';
import type { OverviewNamespaceSchema, OverviewPairSchema } from '../../src/schemas/overview.ts';

/** `true` only when A and B are the same type (mutual assignability is not enough: optional vs required). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

export type SchemaMatchesModel = [
  Expect<Equal<Static<typeof ReasonSchema>, Reason>>,
  Expect<Equal<Static<typeof CellSchema>, Cell>>,
  Expect<Equal<Static<typeof DiagnosticSchema>, Diagnostic>>,
  Expect<Equal<Static<typeof SnapshotInfoSchema>, SnapshotInfo>>,
  Expect<Equal<Static<typeof GraphNodeSchema>, GraphNode>>,
  Expect<Equal<Static<typeof GraphNamespaceSchema>, GraphNamespace>>,
  Expect<Equal<Static<typeof EdgePortSchema>, EdgePort>>,
  Expect<Equal<Static<typeof GraphEdgeSchema>, GraphEdge>>,
  Expect<Equal<Static<typeof OverviewNamespaceSchema>, OverviewNamespace>>,
  Expect<Equal<Static<typeof OverviewPairSchema>, OverviewPair>>,
];
