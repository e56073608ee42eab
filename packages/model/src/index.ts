/**
 * @accessgraph/model — the pure policy model. Re-exports by name; see each module's header.
 */
export * from './diagnostics.ts';
export * from './k8s/types.ts';
export * from './net/cidr.ts';
export * from './selectors/labelSelector.ts';
export * from './selectors/parseSelectorString.ts';
export { isSensitive, looksSensitive, SENSITIVE_ANNOTATION } from './graph/sensitive.ts';
export * from './selectors/workloadSet.ts';
export * from './selectors/workloadTable.ts';
export * from './verdict/types.ts';
export * from './verdict/combine.ts';
export * from './graph/types.ts';
export * from './graph/overview.ts';
export type { L4Evaluator, L4Classes } from './l4/types.ts';
export type { L7Evaluator, L7Classes } from './l7/types.ts';
export * from './explain/describeCell.ts';
export * from './diff/diffCells.ts';
export * from './diff/diffDiagnostics.ts';
export * from './diff/gate.ts';
export * from './k8s/sourcedObject.ts';
export { parseManifests, type ParsedManifests } from './k8s/parseManifests.ts';
export { buildInventory, type BuildInventoryOptions } from './k8s/buildInventory.ts';
export { buildL4Evaluator, type L4RuleView } from './l4/buildL4Evaluator.ts';
export { adminNetworksMatch, type TieredPolicy, type TierRule, type TierPeer, type TierPort, type TierAction, type TierName, type AdminPolicyKind } from './l4/adminTiers.ts';
export { buildL7Evaluator, type L7ServerView } from './l7/buildL7Evaluator.ts';
export { analyze, type AnalyzeInput } from './analysis/analyze.ts';
export type * from './analysis/types.ts';
export { buildGraph, declaredPorts, edgeClassOf, type GraphOptions } from './graph/buildGraph.ts';
export {
  COMPACT_GRAPH_FORMAT,
  COMPACT_GRAPH_VERSION,
  CompactGraphError,
  compactGraphChunks,
  decodeCompactGraph,
  type CompactFlowGroup,
  type CompactGraph,
  type CompactNamespace,
  type CompactOpen,
  type CompactPort,
  type CompactWorkload,
} from './graph/compactGraph.ts';
export { cniPort, isProxiedFlow } from './verdict/cniPort.ts';
export { ModelIndex, type AnalyzeContext } from './index/modelIndex.ts';
export { isEmptyChangeSet, mergeChangeSets, NO_CHANGES, positionKey, resetTo, type Change, type ChangeSet, type ObjectKey } from './index/changeSet.ts';
export * from './assert/expectations.ts';
export * from './assert/serviceResolution.ts';
export * from './util/byteLru.ts';
export { mulberry32, type Rnd } from './util/mulberry32.ts';
export { isOneOf } from './util/isOneOf.ts';
export * from './report/auditReport.ts';
export { AddressSet, formatIp, parseUserCidr } from './net/addressSet.ts';
export { EXTERNAL_KIND, EXTERNAL_PREFIX, OUTSIDE_ID, OUTSIDE_LABEL, addressRegions, externalIdOf, isExternalId, outsidePeer, parseExternalId, policyCidrs, type OutsidePeer, type OutsideView } from './outside/outside.ts';
export type { Exposure } from './outside/exposures.ts';
export * from './query/index.ts';
