/**
 * One benchmark size, run in its own process so peak RSS belongs to that size alone.
 * Prints one JSON line: generate, parse (buildInventory), analyze (index + findings), full
 * graph, one-policy-change recompute, and peak RSS (VmHWM).
 */
import { readFileSync } from 'node:fs';
import { analyze, buildInventory } from '../src/index.ts';
import { generateCluster } from './synthetic.ts';

const size = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 1);
const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

let t = performance.now();
const objects = generateCluster({ workloads: size, seed });
const generate = ms(t);

t = performance.now();
const { inventory, diagnostics } = buildInventory(objects);
const parse = ms(t);

t = performance.now();
const analysis = analyze(inventory, { inputDiagnostics: diagnostics });
const index = ms(t);

t = performance.now();
const graph = analysis.graph();
const fullGraph = ms(t);
const ports = graph.edges.reduce((n, e) => n + e.ports.length, 0);

// One NetworkPolicy changes (its port), as a file edit or watch event would bring.
const changed = objects.map((o) => {
  const obj = o.object as { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: { ingress?: { ports?: { port: unknown }[] }[] } };
  if (obj.kind === 'NetworkPolicy' && obj.metadata?.name === 'allow-backend-1' && obj.metadata?.namespace === 'ns-0001') return { ...o, object: { ...obj, spec: { ...obj.spec, ingress: [{ ports: [{ port: 1234 }] }] } } };
  return o;
});
t = performance.now();
const rebuilt = buildInventory(changed);
const again = analyze(rebuilt.inventory, { inputDiagnostics: rebuilt.diagnostics });
again.graph();
const recompute = ms(t);

const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
const peakRssMiB = hwm ? Math.round(Number(hwm[1]) / 1024) : Math.round(process.memoryUsage().rss / 1048576);
process.stdout.write(
  JSON.stringify({ workloads: size, objects: objects.length, networkPolicies: inventory.networkPolicies.length, edges: graph.edges.length, edgePorts: ports, diagnostics: analysis.diagnostics.length, generate, parse, index, fullGraph, recompute, peakRssMiB }) + '\n',
);
