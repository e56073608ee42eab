/**
 * One benchmark size, run in its own process (by run.ts) so peak RSS belongs to that size alone.
 * Prints one JSON line: generate, parse (buildInventory), analyze (index + findings), full
 * graph, one-policy-change recompute (incremental, and from scratch), and peak RSS — the kernel's
 * high-water mark (VmHWM in /proc/self/status) and the highest process.memoryUsage().rss sampled
 * after each phase.
 *   node --import tsx packages/model/bench/measure.ts <workloads> <seed>
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { analyze, buildInventory, ModelIndex, positionKey, resetTo, type Analysis, type Graph } from '../src/index.ts';
import { generateCluster } from './synthetic.ts';

const size = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 1);
const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
/** CPU seconds (user + system) of this process since `c0`: the machine is shared, CPU transfers better than wall. */
const cpuS = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return Math.round((d.user + d.system) / 1e4) / 100;
};
let c = process.cpuUsage();
let sampledRss = 0;
const started = performance.now();
let phase = 0;
/** Samples RSS; with MEASURE_LOG=1 also says on stderr how far it got (a size that runs out of memory shows where). */
const sample = () => {
  const m = process.memoryUsage();
  sampledRss = Math.max(sampledRss, m.rss);
  if (process.env.MEASURE_LOG) process.stderr.write(`phase ${++phase} at ${Math.round(performance.now() - started)} ms: rss ${Math.round(m.rss / 1048576)} MiB, heap ${Math.round(m.heapUsed / 1048576)} MiB, external ${Math.round((m.external + m.arrayBuffers) / 1048576)} MiB\n`);
};

const cpu0 = process.cpuUsage();
let t = performance.now();
const objects = generateCluster({ workloads: size, seed });
const generate = ms(t);
sample();

t = performance.now();
c = process.cpuUsage();
let built: ReturnType<typeof buildInventory> | undefined = buildInventory(objects);
const parse = ms(t);
const parseCpu = cpuS(c);
// The size check synthetic.test.ts makes at small sizes, at this size (too slow for a unit test).
if (built.inventory.workloads.length !== size) throw new Error(`synthetic cluster: ${built.inventory.workloads.length} workloads, expected ${size}`);
const networkPolicies = built.inventory.networkPolicies.length;
sample();

t = performance.now();
c = process.cpuUsage();
let analysis: Analysis | undefined = analyze(built.inventory, { inputDiagnostics: built.diagnostics });
const index = ms(t);
const indexCpu = cpuS(c);
sample();

t = performance.now();
c = process.cpuUsage();
let graph: Graph | undefined = analysis.graph();
const fullGraph = ms(t);
const fullGraphCpu = cpuS(c);
sample();
const edges = graph.edges.length;
const ports = graph.edges.reduce((n, e) => n + e.ports.length, 0);
const findings = analysis.diagnostics.length;
// What follows is the model index's own analysis, as a server holds it: this one is let go
// (it used to stay alive through the rest, a third generation in the peak RSS; issue 19).
built = undefined;
analysis = undefined;
graph = undefined;

// One NetworkPolicy changes at a time (its ports), as a file edit or a watch event brings it;
// five changes in a row on the previous analysis, median and worst reported.
const target = objects.findIndex((o) => (o.object as { kind?: string }).kind === 'NetworkPolicy' && String((o.object as { metadata: { name: string } }).metadata.name).startsWith('allow-'));
const withPortAt = (port: number) => {
  const o = objects[target]!;
  const obj = o.object as { spec: Record<string, unknown> };
  return { ...o, object: { ...obj, spec: { ...obj.spec, ingress: [{ ports: [{ port }] }] } } };
};
const withPort = (port: number) => objects.map((o, i) => (i === target ? withPortAt(port) : o));
// The same objects in the model index (untimed): each change is one apply, as a source tells it.
const model = new ModelIndex();
model.apply(resetTo(objects));
model.analyze().graph();
const times: number[] = [];
const cpuTimes: number[] = [];
const edgeReads: number[] = [];
const edgeReadCpu: number[] = [];
let edgesAfterChange = 0;
for (let round = 0; round < 5; round++) {
  const change = { changes: [{ type: 'apply' as const, key: positionKey(target), object: withPortAt(1000 + round) }] };
  t = performance.now();
  c = process.cpuUsage();
  model.apply(change);
  const g = model.analyze().graph();
  times.push(ms(t));
  cpuTimes.push(cpuS(c));
  // Issue 19: the graph keeps its edges in parts; who reads `edges` (a JSON document) pays one copy, timed apart.
  t = performance.now();
  c = process.cpuUsage();
  edgesAfterChange = g.edges.length;
  edgeReads.push(ms(t));
  edgeReadCpu.push(cpuS(c));
  sample();
}
edgeReads.sort((a, b) => a - b);
edgeReadCpu.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const recompute = times[2]!;
const recomputeWorst = times[4]!;
cpuTimes.sort((a, b) => a - b);
const recomputeCpu = cpuTimes[2]!;
// The same change from scratch, for comparison, while the model index holds its analysis (as a
// server keeps serving the last snapshot while it computes the next).
t = performance.now();
const scratch = buildInventory(withPort(999));
analyze(scratch.inventory, { inputDiagnostics: scratch.diagnostics }).graph();
const recomputeFromScratch = ms(t);
const totalCpu = cpuS(cpu0);
sample();

const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
const sampledRssMiB = Math.round(sampledRss / 1048576);
const peakRssMiB = hwm ? Math.round(Number(hwm[1]) / 1024) : sampledRssMiB;
process.stdout.write(
  JSON.stringify({ workloads: size, objects: objects.length, networkPolicies, edges, edgePorts: ports, diagnostics: findings, generate, parse, index, fullGraph, recompute, recomputeWorst, recomputeFromScratch, edgesRead: edgeReads[2], edgesReadCpu: edgeReadCpu[2], edgesAfterChange, peakRssMiB, sampledRssMiB, parseCpu, indexCpu, fullGraphCpu, recomputeCpu, totalCpu, load: Math.round(loadavg()[0]! * 10) / 10 }) + '\n',
);
