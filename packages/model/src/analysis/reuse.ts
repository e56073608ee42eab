/**
 * What one analysis leaves for the next, so a policy change does not redo the whole graph:
 * the workload table (kept while the workloads are the same array), compiled NetworkPolicies,
 * the layer evaluators, and per-destination findings and graph parts. `changedDestinations`
 * says which destinations a change can affect; everything else is read from the previous
 * analysis (SEMANTICS: ingress depends only on the policies selecting the destination; a
 * Linkerd object only on the destinations it attaches to; an egress change, a linkerd-config
 * change or a workload change touches everything).
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Inventory } from '../k8s/types.ts';
import type { L4PolicyCache, L4RuleView } from '../l4/buildL4Evaluator.ts';
import type { L7ServerView } from '../l7/buildL7Evaluator.ts';
import { l7Footprint } from '../l7/attachments.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { DestinationGraph } from '../graph/buildGraph.ts';

export interface ReuseState {
  /** The `--sensitive` selector the graph parts were built with. */
  sensitive?: import('../selectors/labelSelector.ts').LabelSelector;
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

const L7_KINDS = ['servers', 'authorizationPolicies', 'meshTLSAuthentications', 'networkAuthentications', 'httpRoutes', 'serverAuthorizations', 'serviceAccounts'] as const;

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Items of `a` that are not in `b` (by identity). */
function missingFrom<T>(a: readonly T[], b: readonly T[]): T[] {
  const sb = new Set(b);
  return a.filter((x) => !sb.has(x));
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

/**
 * Destinations whose verdicts the change from `prev.inventory` to `next` can affect, or 'all'.
 * L7: every removed object is located with the previous inventory's attachments and every
 * added one with the next's, through `l7Footprint` — the resolution the evaluator attaches
 * authorizations with (l7/attachments.ts), so an object reaches here exactly the destinations
 * it can decide there.
 */
export function changedDestinations(prev: ReuseState, next: Inventory, table: WorkloadTable, l7Same: boolean): WorkloadSet | 'all' {
  if (!sameLayer(prev.inventory, next, 'l4')) return 'all';
  if (JSON.stringify(prev.inventory.unknownScopes ?? []) !== JSON.stringify(next.unknownScopes ?? [])) return 'all';
  // Admin-tier policies (issue 17) are cluster-scoped and decide both directions: any change re-evaluates everything.
  if (!sameItems(prev.inventory.adminPolicies ?? [], next.adminPolicies ?? [])) return 'all';
  const dirty = WorkloadSet.empty(table.size);
  for (const policy of [...missingFrom(prev.inventory.networkPolicies, next.networkPolicies), ...missingFrom(next.networkPolicies, prev.inventory.networkPolicies)]) {
    if (policy.egressIsolation) return 'all';
    dirty.unionWith(table.matchingIn(policy.namespace, policy.podSelector));
  }
  if (!l7Same) {
    if (prev.inventory.linkerdConfig !== next.linkerdConfig || !sameLayer(prev.inventory, next, 'l7')) return 'all';
    // Every object the same: what changed is --linkerd-default-policy, which every destination may use.
    if (L7_KINDS.every((k) => sameItems(prev.inventory[k] as readonly unknown[], next[k] as readonly unknown[]))) return 'all';
    const sides = [
      { from: prev.inventory, other: next },
      { from: next, other: prev.inventory },
    ];
    for (const { from, other } of sides) {
      const at = l7Footprint(from, table);
      for (const s of missingFrom(from.servers, other.servers)) dirty.unionWith(at.server(s));
      for (const p of missingFrom(from.authorizationPolicies, other.authorizationPolicies)) dirty.unionWith(at.policy(p));
      for (const r of missingFrom(from.httpRoutes, other.httpRoutes)) dirty.unionWith(at.route(r));
      for (const z of missingFrom(from.serverAuthorizations, other.serverAuthorizations)) dirty.unionWith(at.serverAuthorization(z));
      for (const m of missingFrom(from.meshTLSAuthentications, other.meshTLSAuthentications)) dirty.unionWith(at.authentication('MeshTLSAuthentication', m.namespace, m.name));
      for (const m of missingFrom(from.networkAuthentications, other.networkAuthentications)) dirty.unionWith(at.authentication('NetworkAuthentication', m.namespace, m.name));
      // ServiceAccounts decide no verdict (identities come from the workloads); they only feed
      // the L7 diagnostics, which are recomputed whenever an L7 input changes.
    }
  }
  return dirty;
}
