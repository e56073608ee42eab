/**
 * What one analysis leaves for the next, so a policy change does not redo the whole graph:
 * the workload table (kept while the workloads are the same array, which the model index keeps
 * while no workload or namespace object changed), compiled NetworkPolicies,
 * the layer evaluators, and per-destination findings and graph parts. `changedDestinations`
 * says which destinations a change can affect; everything else is read from the previous
 * analysis (SEMANTICS: ingress depends only on the policies selecting the destination; a
 * Linkerd object only on the destinations it attaches to; an egress change, a linkerd-config
 * change or a workload change touches everything).
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Inventory, NetworkPolicy } from '../k8s/types.ts';
import type { Bucket, ParsedObject } from '../k8s/buildInventory.ts';
import type { L4PolicyCache, L4RuleView } from '../l4/buildL4Evaluator.ts';
import type { L7ServerView } from '../l7/buildL7Evaluator.ts';
import { l7Footprint } from '../l7/attachments.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { DestinationGraph } from '../graph/buildGraph.ts';
import type { GraphNamespace } from '../graph/types.ts';
import type { OutsideInternals } from '../outside/outside.ts';
import type { OutsideGraphParts } from '../outside/outsideGraph.ts';
import type { SortedGroups } from './sortDiagnostics.ts';

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
  /** The cluster-wide findings (crossLayerFindings.ts), kept while their inputs are the same. */
  clusterFindings: Diagnostic[];
  graphParts?: DestinationGraph[];
  /** The namespaces of the graph the parts make (re-summarised where a part is made again). */
  graphNamespaces?: GraphNamespace[];
  /** The diagnostics in their order, by group, for the next analysis to merge into (sortDiagnostics.ts). */
  sortedDiagnostics?: SortedGroups;
  /** The outside view, once asked for: its wide table and evaluators carry over (outside.ts). */
  outsideView?: OutsideInternals;
  /** The outside edges of the graph without open ports, per part (outsideGraph.ts). */
  outsideGraphParts?: OutsideGraphParts;
  /** How many distinct evaluators answer for some destination; bounded to keep memory in check. */
  retained: number;
}

/**
 * What the objects a change set touched contributed before it (`removed`) and contribute after
 * it (`added`), as the model index (index/modelIndex.ts) was told: parse results, the very
 * values the inventories hold.
 */
export interface InventoryDelta {
  removed: ParsedObject[];
  added: ParsedObject[];
}

const L7_BUCKETS = new Set<Bucket>(['servers', 'authorizationPolicies', 'meshTLSAuthentications', 'networkAuthentications', 'httpRoutes', 'serverAuthorizations', 'serviceAccounts', 'linkerdConfig']);
/** Buckets on which every destination's answer depends. */
const EVERYWHERE = new Set<Bucket>(['adminPolicies', 'namespaces', 'rawWorkloads', 'linkerdConfig']);

function sameLayer(a: Inventory, b: Inventory, layer: 'l4' | 'l7'): boolean {
  const x = a.layers[layer];
  const y = b.layers[layer];
  return x.state === y.state && (x.state === 'known' || (y.state === 'unknown' && x.reason === y.reason));
}

const touchesL7 = (delta: InventoryDelta) => [...delta.removed, ...delta.added].some((p) => p.bucket && L7_BUCKETS.has(p.bucket));

/**
 * The cluster-wide findings (crossLayerFindings.ts clusterFindings) read the layers' states, the
 * workloads and the L7 inputs only: the same table, the same L7 inputs and the same L4 state
 * keep them.
 */
export function sameClusterFindingInputs(prev: ReuseState, next: Inventory, l7Same: boolean): boolean {
  return l7Same && sameLayer(prev.inventory, next, 'l4');
}

export function sameL7Inputs(prev: ReuseState, next: Inventory, delta: InventoryDelta, linkerdDefaultPolicy?: string): boolean {
  return prev.linkerdDefaultPolicy === linkerdDefaultPolicy && sameLayer(prev.inventory, next, 'l7') && !touchesL7(delta);
}

/**
 * Destinations whose verdicts the change from `prev.inventory` to `next` can affect, or 'all',
 * from what the change set touched (`delta`). L7: every removed object is located with the
 * previous inventory's attachments and every added one with the next's, through `l7Footprint` —
 * the resolution the evaluator attaches authorizations with (l7/attachments.ts), so an object
 * reaches here exactly the destinations it can decide there.
 */
export function changedDestinations(prev: ReuseState, next: Inventory, table: WorkloadTable, l7Same: boolean, delta: InventoryDelta): WorkloadSet | 'all' {
  if (!sameLayer(prev.inventory, next, 'l4')) return 'all';
  const touched = [...delta.removed, ...delta.added];
  // Admin-tier policies (issue 17) are cluster-scoped and decide both directions; workloads and
  // namespaces make a new table; linkerd-config holds the cluster networks: all re-evaluated.
  if (touched.some((p) => p.bucket && EVERYWHERE.has(p.bucket))) return 'all';
  const dirty = WorkloadSet.empty(table.size);
  for (const p of touched) {
    if (p.bucket !== 'networkPolicies') continue;
    const policy = p.value as NetworkPolicy;
    if (policy.egressIsolation) return 'all';
    dirty.unionWith(table.matchingIn(policy.namespace, policy.podSelector));
  }
  if (!l7Same) {
    if (!sameLayer(prev.inventory, next, 'l7')) return 'all';
    // No L7 object touched: what changed is --linkerd-default-policy, which every destination may use.
    if (!touchesL7(delta)) return 'all';
    const sides = [
      { items: delta.removed, inventory: prev.inventory },
      { items: delta.added, inventory: next },
    ];
    for (const { items, inventory } of sides) {
      const at = l7Footprint(inventory, table);
      for (const p of items) {
        const v = p.value as never;
        if (p.bucket === 'servers') dirty.unionWith(at.server(v));
        else if (p.bucket === 'authorizationPolicies') dirty.unionWith(at.policy(v));
        else if (p.bucket === 'httpRoutes') dirty.unionWith(at.route(v));
        else if (p.bucket === 'serverAuthorizations') dirty.unionWith(at.serverAuthorization(v));
        else if (p.bucket === 'meshTLSAuthentications' || p.bucket === 'networkAuthentications') {
          const m = p.value as { namespace: string; name: string };
          dirty.unionWith(at.authentication(p.bucket === 'meshTLSAuthentications' ? 'MeshTLSAuthentication' : 'NetworkAuthentication', m.namespace, m.name));
        }
        // ServiceAccounts decide no verdict (identities come from the workloads); they only feed
        // the L7 diagnostics, which are recomputed whenever an L7 input changes.
      }
    }
  }
  return dirty;
}
