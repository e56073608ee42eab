/**
 * The workload page's data: the workload as the model sees it, the policies selecting it at
 * each layer, its inbound and outbound edges, and the findings about it.
 */
import type { Diagnostic, GraphEdge, IpAddress, Workload } from '@accessgraph/model';
import type { Static } from 'typebox';
import type { WorkloadResponseSchema } from '../schemas/workload.ts';
import type { Snapshot } from './snapshot.ts';
import { workloadPolicies } from './workloadPolicies.ts';

export type WorkloadAnswer = Omit<Static<typeof WorkloadResponseSchema>, 'snapshot'>;

export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((ip.value >> s) & 0xffffn).toString(16));
  // Longest run of zero groups becomes `::` (RFC 5952).
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/** A finding about the workload itself or about a policy that selects it. */
function concerns(d: Diagnostic, w: Workload, policyNames: Set<string>): boolean {
  if (d.workloads?.includes(w.id)) return true;
  const o = d.object;
  if (!o || o.namespace !== w.namespace) return false;
  return (o.kind === w.kind && o.name === w.name) || policyNames.has(`${o.kind}/${o.name}`);
}

/**
 * `includeOpen`: the edges of the graph with ports open to all drawn, into and out of this
 * workload, from the model's query for one workload (Analysis.workloadFlows): at any cluster
 * size, without the whole includeOpen graph, so the page never says `openSummarised`.
 * The bound of openGraph.ts does not apply to it.
 */
export function workloadDetail(snapshot: Snapshot, namespace: string, name: string, includeOpen: boolean): WorkloadAnswer | undefined {
  const { analysis } = snapshot;
  const id = `${namespace}/${name}`;
  const index = analysis.table.indexOf(id);
  if (index === undefined) return undefined;
  const w = analysis.table.at(index);
  const graph = snapshot.graph;
  const node = graph.nodes[index]?.id === id ? graph.nodes[index] : graph.nodes.find((n) => n.id === id);
  let inbound: GraphEdge[] = [];
  let outbound: GraphEdge[] = [];
  if (includeOpen) ({ inbound, outbound } = analysis.workloadFlows(id)!);
  else {
    for (const e of graph.edges) {
      if (e.to === id) inbound.push(e);
      if (e.from === id) outbound.push(e);
    }
  }
  const policies = workloadPolicies(snapshot, index);
  const policyNames = new Set([...policies.l4, ...policies.l7].map((p) => `${p.kind}/${p.name}`));
  return {
    workload: {
      id: w.id,
      namespace: w.namespace,
      name: w.name,
      kind: w.kind,
      labels: { ...w.labels },
      annotations: { ...w.annotations },
      serviceAccount: w.serviceAccount,
      meshed: w.meshed,
      meshedBy: w.meshedBy,
      ports: w.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol, container: p.container })),
      ips: w.ips.map(formatIp),
      podCount: w.podCount,
      openToAll: node?.openToAll ?? [],
      l4Isolated: node?.l4Isolated ?? false,
    },
    policies,
    inbound,
    outbound,
    diagnostics: analysis.diagnostics.filter((d) => concerns(d, w, policyNames)),
  };
}
