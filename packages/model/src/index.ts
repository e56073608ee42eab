/**
 * @accessgraph/model — the pure policy model. Re-exports by name; see each module's header.
 */
export * from './diagnostics.ts';
export * from './k8s/types.ts';
export * from './net/cidr.ts';
export * from './selectors/labelSelector.ts';
export * from './selectors/workloadSet.ts';
export * from './selectors/workloadTable.ts';
export * from './verdict/types.ts';
export * from './verdict/combine.ts';
export * from './graph/types.ts';
export type { L4Evaluator, L4Classes } from './l4/types.ts';
export type { L7Evaluator, L7Classes } from './l7/types.ts';
export * from './explain/describeCell.ts';
export * from './diff/diffCells.ts';
export * from './diff/diffDiagnostics.ts';
