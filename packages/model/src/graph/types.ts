/**
 * The access graph as the CLI (`graph --format json`), the API (`/api/v1/graph`) and the UI
 * see it: workloads as nodes grouped by namespace, edges aggregated per workload pair with
 * per-port verdicts, and destinations open to everyone summarised on the node.
 */
import type { Diagnostic, ObjectRef } from '../diagnostics.ts';
import type { Protocol } from '../k8s/types.ts';
import type { L4Verdict, L7Verdict, Protection } from '../verdict/types.ts';

export interface GraphPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

/** What every listing of workloads says of one (the matrix JSON's entries, issue 3's exact fields). */
export interface WorkloadSummary {
  /** Workload id `namespace/name`. */
  id: string;
  namespace: string;
  name: string;
  kind: string;
  meshed: boolean;
  serviceAccount: string;
}

export interface GraphNode extends WorkloadSummary {
  labels: Record<string, string>;
  ports: GraphPort[];
  /** Ports (`5432/TCP`) that every other workload of the cluster reaches (no layer keeps anyone out): the "ingress open to all" badge. */
  openToAll: string[];
  /** Ingress isolated by some NetworkPolicy. */
  l4Isolated: boolean;
  /** Heuristic: a database / object store / secret store, from image and labels. */
  sensitive: boolean;
  /**
   * How clients outside the cluster reach it (issue 17): a NodePort/LoadBalancer Service
   * selecting it, an Ingress or a Gateway API route to such a Service; absent when none.
   * Kind `External` nodes (namespace "", id `external:<CIDR>`) stand for the outside peers.
   */
  exposures?: { object: ObjectRef; path: string }[];
}

export interface GraphNamespace {
  name: string;
  labels: Record<string, string>;
  meshed: boolean;
  workloadCount: number;
  /** Workloads of this namespace with at least one port open to all. */
  openWorkloads: number;
  implicit: boolean;
}

/**
 * How an edge is protected. Beyond the four protection classes of allowed flows:
 * `conflict` — one layer explicitly allows what the other denies, or L4 blocks on the proxy port
 *   a meshed flow its rules admit on the application port while L7 lets it in (a misconfiguration);
 * `unknown` — a layer could not be read and none denies (never drawn as allowed).
 */
export const EDGE_CLASSES = ['both', 'l4-only', 'l7-only', 'none', 'conflict', 'unknown'] as const;
export type EdgeClass = (typeof EDGE_CLASSES)[number];

export interface EdgePort {
  port: number;
  protocol: Protocol;
  l4Port: number;
  l4: L4Verdict;
  l7: L7Verdict;
  allowed: boolean | null;
  protection: Protection | null;
  class: EdgeClass;
  /**
   * Present (true) when L4 denied this meshed flow on the proxy's inbound port although the
   * NetworkPolicies admit it on the application port: the rule meant to allow it (§4).
   */
  proxyPortBlocked?: true;
}

export interface GraphEdge {
  /** `from->to` */
  id: string;
  from: string;
  to: string;
  /** The weakest class over its ports, in the order none < l4-only < l7-only < both; conflict and unknown win over all. */
  class: EdgeClass;
  /** True when its ports do not all share one class. */
  mixed: boolean;
  ports: EdgePort[];
}

export interface SnapshotInfo {
  version: number;
  /** `demo`, `manifests: a, b`, `context: prod` … */
  source: string;
  /** ISO time the snapshot was taken. */
  takenAt: string;
  stale: boolean;
  /** Seconds since the source last answered, when stale. */
  staleForSeconds?: number;
  layers: { l4: LayerState; l7: LayerState };
}

export interface LayerState {
  state: 'known' | 'unknown';
  reason?: string;
}

export interface Graph {
  namespaces: GraphNamespace[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  diagnostics: Diagnostic[];
}
