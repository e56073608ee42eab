/**
 * What one analysis leaves for the next, so a policy change does not redo the whole graph:
 * the workload table (kept while the workloads are the same array), compiled NetworkPolicies,
 * the layer evaluators, and per-destination findings and graph parts. `changedDestinations`
 * says which destinations a change can affect; everything else is read from the previous
 * analysis (SEMANTICS: ingress depends only on the policies selecting the destination; an
 * egress or Linkerd authentication change, or a workload change, touches everything).
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Inventory } from '../k8s/types.ts';
import type { L4PolicyCache, L4RuleView } from '../l4/buildL4Evaluator.ts';
import type { L7ServerView } from '../l7/buildL7Evaluator.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { DestinationGraph } from '../graph/buildGraph.ts';

export interface ReuseState {
  inventory: Inventory;
  linkerdDefaultPolicy?: string;
  table: WorkloadTable;
  policyCache: L4PolicyCache;
  l4: L4RuleView;
  l7: L7ServerView;
  /** The evaluator answering for each destination (the latest one for which it was dirty). */
  l4Owners: L4RuleView[];
  l7Owners: L7ServerView[];
  l7Diagnostics: Diagnostic[];
  destinationFindings: Diagnostic[][];
  graphParts?: DestinationGraph[];
  /** How many distinct evaluators answer for some destination; bounded to keep memory in check. */
  retained: number;
}

const L7_KINDS = ['servers', 'authorizationPolicies', 'meshTLSAuthentications', 'networkAuthentications', 'httpRoutes', 'serverAuthorizations'] as const;

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Items in one list and not the other (by identity). */
function changedItems<T>(a: readonly T[], b: readonly T[]): T[] {
  const sa = new Set(a);
  const sb = new Set(b);
  return [...a.filter((x) => !sb.has(x)), ...b.filter((x) => !sa.has(x))];
}

function sameLayer(a: Inventory, b: Inventory, layer: 'l4' | 'l7'): boolean {
  return JSON.stringify(a.layers[layer]) === JSON.stringify(b.layers[layer]);
}

export function sameL7Inputs(prev: ReuseState, next: Inventory, linkerdDefaultPolicy?: string): boolean {
  return (
    prev.linkerdDefaultPolicy === linkerdDefaultPolicy &&
    prev.inventory.linkerdConfig === next.linkerdConfig &&
    sameLayer(prev.inventory, next, 'l7') &&
    L7_KINDS.every((k) => sameItems(prev.inventory[k] as readonly unknown[], next[k] as readonly unknown[]))
  );
}

/** Destinations whose verdicts the change from `prev.inventory` to `next` can affect, or 'all'. */
export function changedDestinations(prev: ReuseState, next: Inventory, table: WorkloadTable, l7Same: boolean): WorkloadSet | 'all' {
  if (!sameLayer(prev.inventory, next, 'l4')) return 'all';
  const dirty = WorkloadSet.empty(table.size);
  for (const policy of changedItems(prev.inventory.networkPolicies, next.networkPolicies)) {
    if (policy.egressIsolation) return 'all';
    dirty.unionWith(table.matchingIn(policy.namespace, policy.podSelector));
  }
  if (!l7Same) {
    if (prev.inventory.linkerdConfig !== next.linkerdConfig || !sameLayer(prev.inventory, next, 'l7')) return 'all';
    // Authentications can be named from any namespace: everything. Servers, policies and routes are namespaced.
    if (changedItems(prev.inventory.meshTLSAuthentications, next.meshTLSAuthentications).length || changedItems(prev.inventory.networkAuthentications, next.networkAuthentications).length) return 'all';
    for (const k of ['servers', 'authorizationPolicies', 'httpRoutes', 'serverAuthorizations'] as const) {
      for (const o of changedItems(prev.inventory[k] as readonly { namespace: string }[], next[k] as readonly { namespace: string }[])) dirty.unionWith(table.inNamespace(o.namespace));
    }
  }
  return dirty;
}
