/**
 * The façade every consumer uses: build an Analysis once per snapshot, then ask it for single
 * verdicts, the matrix, the graph and the findings.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { DefaultInboundPolicy, Inventory, LayerStatus, Protocol } from '../k8s/types.ts';
import type { Graph, GraphEdge, WorkloadSummary } from '../graph/types.ts';
import type { WorkloadFlows } from '../graph/workloadFlows.ts';
import type { WorkloadPosture } from '../graph/overview.ts';
import type { LabelSelector } from '../selectors/labelSelector.ts';
import type { Cell, Flow } from '../verdict/types.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { Cidr } from '../net/cidr.ts';
import type { OutsideView } from '../outside/outside.ts';
import type { WorkloadPolicies } from '../query/workloadPolicies.ts';

export interface AnalyzeOptions {
  /** Overrides the cluster default inbound policy (CLI `--linkerd-default-policy`). */
  linkerdDefaultPolicy?: DefaultInboundPolicy;
  /** Forces a layer unknown (live source: forbidden, CRDs missing, stale). */
  layers?: { l4?: LayerStatus; l7?: LayerStatus };
  /** `--sensitive`: the workloads to flag sensitive (label selector); default: graph/sensitive.ts's heuristic. */
  sensitive?: LabelSelector;
  /**
   * `--cluster-networks`: replaces linkerd-config's clusterNetworks (Linkerd's cluster-* default
   * policies, ServerAuthorizations without networks) and what `external:0.0.0.0/0` leaves out.
   */
  clusterNetworks?: Cidr[];
  /** `--external CIDR`: outside peers besides `external:0.0.0.0/0` (issue 17). */
  externals?: Cidr[];
}

export interface PortSpec {
  port: number;
  protocol: Protocol;
}

/** The workload entry of the matrix JSON (issue 3, exact fields). */
export type MatrixWorkload = WorkloadSummary;

export interface Matrix {
  workloads: MatrixWorkload[];
  cells: Cell[];
  diagnostics: Diagnostic[];
}

export type CheckResult = { ok: true; cell: Cell } | { ok: false; error: string };

export interface Analysis {
  readonly inventory: Inventory;
  readonly table: WorkloadTable;
  /** Input diagnostics, evaluator diagnostics and cross-layer findings, sorted by severity then object. */
  readonly diagnostics: Diagnostic[];
  check(flow: Flow): CheckResult;
  /** Every ordered pair of distinct workloads × ports (default: each destination's declared ports). */
  cells(ports?: PortSpec[]): Iterable<Cell>;
  matrix(ports?: PortSpec[]): Matrix;
  workloads(): MatrixWorkload[];
  /** The matrix's workload list: the workloads, then the outside peers (kind External, namespace ""). */
  matrixWorkloads(): MatrixWorkload[];
  /** Cached per option set; `includeOpen` keeps the edges of ports open to all. */
  graph(options?: { includeOpen?: boolean }): Graph;
  /**
   * The edges of `graph({ includeOpen: true })` into and out of one workload or outside peer, by id,
   * without building that graph (graph/workloadFlows.ts); undefined when there is no such node.
   */
  workloadFlows(id: string): WorkloadFlows | undefined;
  /** The edges of `graph({ includeOpen: true })` touching these namespaces, in that graph's order, without building it. */
  namespaceFlows(namespaces: readonly string[]): GraphEdge[];
  /** Per workload (table order): isolation by NetworkPolicy and the Linkerd default policy, `unknown` where a layer cannot say. */
  postures(): WorkloadPosture[];
  /** The policies of each layer that select workload `w` (table index), read off the evaluators' own target resolution (query/workloadPolicies.ts). */
  policiesOf(w: number): WorkloadPolicies;
  /** The outside peers, exposure paths and flows with one side outside the cluster (issue 17). */
  readonly outside: OutsideView;
  /** The same graph as a compact document (graph/compactGraph.ts), in chunks, computed as it is read (not cached). */
  compactGraph(options?: { includeOpen?: boolean }): Iterable<string>;
}
