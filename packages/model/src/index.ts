/**
 * @accessgraph/model — the pure policy model. Named exports only: what the API, the dashboard, the
 * e2e suite and the benchmarks use; everything else stays internal to the package (its tests import
 * the modules themselves). See each module's header.
 */
export { analyze } from './analysis/analyze.ts';
export type { Analysis, MatrixWorkload, PortSpec } from './analysis/types.ts';
export { evaluateExpectation, type ExpectationResult, parseExpectations } from './assert/expectations.ts';
export { type Diagnostic, DIAGNOSTIC_CODES, type DiagnosticCode, formatDiagnostic, type ObjectRef, SEVERITIES, type Severity } from './diagnostics.ts';
export { type CellChange, type CellDiff, diffCells } from './diff/diffCells.ts';
export { type DiagnosticDiff, diffDiagnostics } from './diff/diffDiagnostics.ts';
export { GATE_CLASSES, type GateClass, type GateHit, gateHits, parseGateClasses } from './diff/gate.ts';
export { describeCell, formatReasonSource } from './explain/describeCell.ts';
export { edgeClassOf, graphEdgeParts } from './graph/buildGraph.ts';
export { type CompactGraph, decodeCompactGraph } from './graph/compactGraph.ts';
export { COVERAGES, namespaceOverview, type Overview, type OverviewFilter, type OverviewNamespace, type OverviewPair } from './graph/overview.ts';
export { EDGE_CLASSES, type EdgeClass, type EdgePort, type Graph, type GraphEdge, type GraphNamespace, type GraphNode, type LayerState, type SnapshotInfo } from './graph/types.ts';
export type { WorkloadFlows } from './graph/workloadFlows.ts';
export { type Change, type ChangeSet, isEmptyChangeSet, positionKey, resetTo } from './index/changeSet.ts';
export { ModelIndex } from './index/modelIndex.ts';
export { buildInventory } from './k8s/buildInventory.ts';
export { parseManifests } from './k8s/parseManifests.ts';
export type { ManifestText, SourcedObject } from './k8s/sourcedObject.ts';
export { DEFAULT_INBOUND_POLICIES, type DefaultInboundPolicy, type LayerStatus, type Protocol, PROTOCOLS, type UnknownScope, type Workload } from './k8s/types.ts';
export { parseUserCidr } from './net/addressSet.ts';
export type { Cidr, IpAddress } from './net/cidr.ts';
export { isExternalId, parseExternalId } from './outside/outside.ts';
export { checkFlow, type CheckOutcome } from './query/checkFlow.ts';
export { csvField, csvRecord, csvRecordCount } from './query/csv.ts';
export { EDGE_STRENGTH, edgeWithPorts } from './query/edgeClassOrder.ts';
export { edgesTouching, filterGraph, type GraphFilter, namespaceOf } from './query/graphFilter.ts';
export { isPortTextProblem, parsePortText } from './query/portSpec.ts';
export { findingsBySeverity, snapshotSummary, type SnapshotSummary } from './query/snapshotSummary.ts';
export { POLICY_ROLES, type WorkloadPolicy } from './query/workloadPolicies.ts';
export { type AuditReport, buildAuditReport, type FigureBox, type FigureSpec, type SensitiveAccess } from './report/auditReport.ts';
export { type LabelSelector, matchesSelector } from './selectors/labelSelector.ts';
export { parseSelectorString } from './selectors/parseSelectorString.ts';
export { ByteLru, CacheRegistry, type CacheStats, stringBytes } from './util/byteLru.ts';
export { isOneOf } from './util/isOneOf.ts';
export { mulberry32 } from './util/mulberry32.ts';
export { combineAllowed, protectionOf } from './verdict/combine.ts';
export { type Cell, L4_VERDICTS, L7_VERDICTS, type Layer, LAYERS, type Protection, PROTECTIONS, type Reason, REASON_ROLES } from './verdict/types.ts';
