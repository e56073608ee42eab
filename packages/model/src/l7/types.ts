/**
 * What the L7 (Linkerd inbound policy) evaluator offers the rest of the model. Same shape as
 * the L4 one: `classify` answers for every source at once, `explain` for one flow with
 * reasons; they must agree.
 */
import type { Protocol, Server } from '../k8s/types.ts';
import type { WorkloadSet } from '../selectors/workloadSet.ts';
import type { L7Result } from '../verdict/types.ts';

/** A partition of all source workloads for one (destination, port, protocol). */
export interface L7Classes {
  allow: WorkloadSet;
  partial: WorkloadSet;
  authenticated: WorkloadSet;
  open: WorkloadSet;
  deny: WorkloadSet;
  /** Every source when the destination is not meshed or the protocol is not TCP. */
  notApplicable: WorkloadSet;
  /** Every source when the L7 inputs could not be read. */
  unknown: WorkloadSet;
}

export interface L7Evaluator {
  classify(to: number, port: number, protocol: Protocol): L7Classes;
  explain(from: number, to: number, port: number, protocol: Protocol): L7Result;
  /** The Server that guards `to`'s `port` (after conflict resolution), if any. */
  serverFor(to: number, port: number): Server | undefined;
}
