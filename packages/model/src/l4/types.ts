/**
 * What the L4 evaluator offers the rest of the model. One `L4Evaluator` is built per
 * analysis from the Inventory and the WorkloadTable; it answers per destination and port for
 * all sources at once (`classify`, bitsets) and per flow with reasons (`explain`). The two
 * must always agree.
 */
import type { Protocol } from '../k8s/types.ts';
import type { WorkloadSet } from '../selectors/workloadSet.ts';
import type { L4Result } from '../verdict/types.ts';

/** A partition of all source workloads for one (destination, port, protocol). */
export interface L4Classes {
  allow: WorkloadSet;
  deny: WorkloadSet;
  open: WorkloadSet;
  /** Non-empty only when the L4 layer is unknown (then it holds every source). */
  unknown: WorkloadSet;
  /**
   * Subset of `deny`: meshed clients denied on the proxy's inbound port that the policies admit
   * on the application port — the rule meant to let them in, but their traffic arrives on 4143 (§4).
   */
  proxyPortBlocked: WorkloadSet;
  /** Subset of `deny`: sources an admin-tier Deny rule refuses on some side (issue 17). */
  adminDeny?: WorkloadSet;
}

export interface L4Evaluator {
  /** Verdicts of every source towards destination `to` (index) on `port`/`protocol` (application port; the evaluator applies §4 itself). */
  classify(to: number, port: number, protocol: Protocol): L4Classes;
  /** One flow, with reasons. */
  explain(from: number, to: number, port: number, protocol: Protocol): L4Result;
  /** True when some NetworkPolicy isolates `to` for ingress. */
  ingressIsolated(to: number): boolean;
  /** True when some NetworkPolicy isolates `from` for egress. */
  egressIsolated(from: number): boolean;
}
