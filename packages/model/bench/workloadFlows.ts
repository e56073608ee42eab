/**
 * One workload's flows with the ports open to all (Analysis.workloadFlows, issues 16 and 19) on
 * the synthetic cluster plus a namespace of unisolated single-port workloads (no policy selects
 * them; the synthetic cluster's egress-restricted workers are left out so that their ports are
 * open to all, as on a cluster without egress policies). Prints one JSON line: the setup (analysis
 * and the graph without open ports, which the server has anyway), then per query wall ms and
 * CPU-s, cold (the first query also builds the graph's index by source) and the median of five
 * more, and the edges it returned.
 *   node --import tsx packages/model/bench/workloadFlows.ts <workloads> [unisolated=1000] [seed=1]
 */
import { loadavg } from 'node:os';
import { analyze, buildInventory, type SourcedObject } from '../src/index.ts';
import { generateCluster } from './synthetic.ts';

const size = Number(process.argv[2] ?? 10000);
const unisolated = Number(process.argv[3] ?? 1000);
const seed = Number(process.argv[4] ?? 1);

const cpuS = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return Math.round((d.user + d.system) / 1e4) / 100;
};
function timed<T>(fn: () => T): { value: T; ms: number; cpuS: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  return { value, ms: Math.round((performance.now() - t) * 10) / 10, cpuS: cpuS(c) };
}

const open: SourcedObject[] = [];
for (let i = 0; i < unisolated; i++) {
  const name = `u${String(i).padStart(4, '0')}`;
  const labels = { app: name };
  open.push({
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'unisolated' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 8080 }] }] } } },
    },
  });
}
const objects = [...generateCluster({ workloads: size, seed }).filter((o) => (o.object.metadata as { name?: string }).name !== 'egress-restricted'), ...open];
const setup = timed(() => {
  const { inventory, diagnostics } = buildInventory(objects);
  const a = analyze(inventory, { inputDiagnostics: diagnostics });
  a.graph();
  return a;
});
const a = setup.value;
const g = a.graph();
const openPorts = g.nodes.reduce((n, node) => n + node.openToAll.length, 0);
const bound = g.edges.length + openPorts * (g.nodes.length - 1);

const isolated = g.nodes.find((n) => n.namespace.startsWith('ns-') && n.openToAll.length === 0)!.id;
const asked = ['unisolated/u0000', `unisolated/u${String(unisolated - 1).padStart(4, '0')}`, isolated, g.nodes.find((n, i) => i === Math.floor(size / 2))!.id, 'external:0.0.0.0/0'];
const queries = asked.map((id) => {
  const cold = timed(() => a.workloadFlows(id)!);
  const runs = [0, 1, 2, 3, 4].map(() => timed(() => a.workloadFlows(id)!));
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { id, inbound: cold.value.inbound.length, outbound: cold.value.outbound.length, coldMs: cold.ms, coldCpuS: cold.cpuS, warmMedianMs: median(runs.map((r) => r.ms)), warmMedianCpuS: median(runs.map((r) => r.cpuS)) };
});
const ns = g.nodes.find((n) => n.id === isolated)!.namespace;
const nsQuery = timed(() => a.namespaceFlows([ns]));
process.stdout.write(
  `${JSON.stringify({
    workloads: a.table.size,
    unisolated,
    openPorts,
    defaultEdges: g.edges.length,
    includeOpenEdgeBound: bound,
    setupMs: setup.ms,
    setupCpuS: setup.cpuS,
    queries,
    namespace: { ns, edges: nsQuery.value.length, ms: nsQuery.ms, cpuS: nsQuery.cpuS },
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    load: loadavg()[0],
  })}\n`,
);
