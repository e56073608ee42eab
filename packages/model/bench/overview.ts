/**
 * The namespace overview on a synthetic cluster: how long folding the graph takes next to
 * serializing the graph's JSON (what the overview avoids), and the size of both answers.
 *   tsx packages/model/bench/overview.ts [workloads=10000] [seed=1]
 */
import { analyze, buildInventory, namespaceOverview } from '../src/index.ts';
import { generateCluster } from './synthetic.ts';

const workloads = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
const { inventory, diagnostics } = buildInventory(generateCluster({ workloads, seed }));
const analysis = analyze(inventory, { inputDiagnostics: diagnostics });
const graph = analysis.graph();
const postures = analysis.postures();
const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const r = f();
  return [r, Math.round((performance.now() - t) * 10) / 10];
};
const [overview, overviewMs] = time(() => namespaceOverview(graph, { postures }));
const [overviewJson, overviewJsonMs] = time(() => JSON.stringify(overview));
const [graphJson, graphJsonMs] = time(() => JSON.stringify(graph));
const [, filteredMs] = time(() => namespaceOverview(graph, { postures, filter: { ports: [{ port: 5432 }], protections: ['none', 'l4-only'] } }));
console.log(
  JSON.stringify({
    workloads: graph.nodes.length,
    namespaces: overview.namespaces.length,
    pairs: overview.pairs.length,
    edges: graph.edges.length,
    overviewMs,
    filteredOverviewMs: filteredMs,
    overviewJsonMs,
    overviewBytes: overviewJson.length,
    graphJsonMs,
    graphBytes: graphJson.length,
  }),
);
