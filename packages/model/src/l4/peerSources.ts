/**
 * Resolves a NetworkPolicy peer to the workloads it matches (SEMANTICS.md §3.6, §3.7).
 * ipBlock: a workload matches when it has known IPs and all of them are inside the block
 * (outside every except); some-but-not-all is reported as a partial match and not admitted,
 * because the CNI would admit only some of its pods.
 */
import type { NetworkPolicy, NetworkPolicyPeer } from '../k8s/types.ts';
import { networkContains, type Network } from '../net/cidr.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';

export interface IpBlockMatch {
  /** Workloads all of whose known IPs are inside the block. */
  full: WorkloadSet;
  /** Workloads with some IPs inside and some outside. */
  partial: WorkloadSet;
}

const ipBlockMemo = new WeakMap<WorkloadTable, Map<string, IpBlockMatch>>();

/**
 * The workloads a block covers (memoised per table and block: every rule and diagnostic naming
 * the same block reads one scan of the workloads' IPs). The sets are shared: never modify them.
 */
export function ipBlockMatch(block: Network, table: WorkloadTable): IpBlockMatch {
  let memo = ipBlockMemo.get(table);
  if (!memo) ipBlockMemo.set(table, (memo = new Map()));
  const key = [block.cidr, ...block.except].map((c) => `${c.family}/${c.base}/${c.prefix}`).join(',');
  let hit = memo.get(key);
  if (!hit) memo.set(key, (hit = scanIpBlock(block, table)));
  return hit;
}

function scanIpBlock(block: Network, table: WorkloadTable): IpBlockMatch {
  const full = WorkloadSet.empty(table.size);
  const partial = WorkloadSet.empty(table.size);
  table.workloads.forEach((w, i) => {
    // A hostNetwork pod's IP is its node's: not a pod IP, and its flows are decided apart (§2).
    if (w.ips.length === 0 || w.hostNetwork) return;
    const inside = w.ips.filter((ip) => networkContains(block, ip)).length;
    if (inside === w.ips.length) full.add(i);
    else if (inside > 0) partial.add(i);
  });
  return { full, partial };
}

const hostNetworkSets = new WeakMap<WorkloadTable, WorkloadSet>();

/** The hostNetwork workloads of a table. */
export function hostNetworkSet(table: WorkloadTable): WorkloadSet {
  let s = hostNetworkSets.get(table);
  if (!s) hostNetworkSets.set(table, (s = WorkloadSet.of(table.size, table.workloads.flatMap((w, i) => (w.hostNetwork ? [i] : [])))));
  return s;
}

/**
 * Workloads a peer entry matches, for a policy in `policy.namespace`. hostNetwork workloads are
 * never matched by pod or namespace selectors: their traffic carries the node's IP (kubernetes
 * NetworkPolicy concept page, "hostNetwork pods are ignored by podSelectors in the most common
 * case"); the evaluator makes their flows `unknown` where an isolated side decides.
 */
export function peerSources(peer: NetworkPolicyPeer, policy: Pick<NetworkPolicy, 'namespace'>, table: WorkloadTable): WorkloadSet {
  if (peer.kind === 'ipBlock') return ipBlockMatch(peer.block, table).full.clone();
  // The pods of the selected namespaces, then (ANDed) those the podSelector matches in them.
  const out = peer.namespaceSelector ? table.inNamespacesMatching(peer.namespaceSelector) : table.inNamespace(policy.namespace);
  if (peer.podSelector) out.intersectWith(table.matching(peer.podSelector));
  return out.subtract(hostNetworkSet(table));
}
