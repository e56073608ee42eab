/**
 * The API benchmark (issue 5): the 2,000-workload synthetic cluster written as YAML and served
 * from a manifests source; /api/v1/graph and POST /api/v1/check under 50 concurrent
 * connections (autocannon); and the time from a policy change to the SSE message — for a file
 * write, and, with --live, for an update through a real kube-apiserver (@accessgraph/testcluster).
 * Prints a markdown table, then one JSON line for machines.
 *   pnpm --filter @accessgraph/api bench [--workloads 2000] [--seed 1] [--seconds 10] [--samples 10] [--live]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSynthetic } from '../../../packages/model/bench/writeSynthetic.ts';
import { measureChanges, watchSnapshots, type LatencySummary } from './changeLatency.ts';
import { liveChangeLatency } from './liveLatency.ts';
import { leanLoadTest, loadTest, type LoadResult } from './loadTest.ts';
import { startServerProcess } from './serverProcess.ts';

const { values } = parseArgs({
  options: {
    workloads: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    samples: { type: 'string', default: '10' },
    live: { type: 'boolean', default: false },
  },
});
const workloads = Number(values.workloads);
const seed = Number(values.seed);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const samples = Number(values.samples);

function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
const loadBefore = loadavg()[0]!.toFixed(2);
const dir = mkdtempSync(join(tmpdir(), 'accessgraph-api-bench-'));
const files = writeSynthetic(workloads, seed, dir);
log(`wrote ${workloads} workloads (seed ${seed}) as ${files} files to ${dir}`);

const t0 = performance.now();
const server = await startServerProcess(['--manifests', dir]);
const startMs = Math.round(performance.now() - t0);
const meta = (await (await fetch(`${server.url}/api/v1/snapshot`)).json()) as { recomputeMs: number; counts: Record<string, number> };
log(`server ready in ${startMs} ms (snapshot ${meta.recomputeMs} ms; ${JSON.stringify(meta.counts)})`);

type Graph = { nodes: { id: string; namespace: string; ports: { port: number; protocol: string }[] }[] };
const graphRes = await fetch(`${server.url}/api/v1/graph`, { headers: { 'accept-encoding': 'identity' } });
const graphBytes = Number(graphRes.headers.get('content-length') ?? 0);
const graph = (await graphRes.json()) as Graph;
const gzBytes = await bytesOf(`${server.url}/api/v1/graph`, { 'accept-encoding': 'gzip' });

/** Content-Length as sent (fetch would decompress and hide it). */
async function bytesOf(url: string, headers: Record<string, string>): Promise<number> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      res.resume();
      resolve(Number(res.headers['content-length'] ?? 0));
    }).on('error', reject);
  });
}

const rand = mulberry32(seed);
const withPorts = graph.nodes.filter((n) => n.ports.length > 0);
const bodies = Array.from({ length: 200 }, () => {
  const from = graph.nodes[Math.floor(rand() * graph.nodes.length)]!;
  const to = withPorts[Math.floor(rand() * withPorts.length)]!;
  const p = to.ports[0]!;
  return JSON.stringify({ from: from.id, to: to.id, port: p.port, protocol: p.protocol });
});
const someNamespace = graph.nodes[0]!.namespace;

const loads: LoadResult[] = [];
const gzip = { 'accept-encoding': 'gzip' };
const scenarios: { name: string; url: string; headers?: Record<string, string>; bodies?: string[] }[] = [
  { name: 'GET /api/v1/graph (identity)', url: `${server.url}/api/v1/graph` },
  { name: 'GET /api/v1/graph (gzip, as browsers ask)', url: `${server.url}/api/v1/graph`, headers: gzip },
  { name: `GET /api/v1/graph?namespace=${someNamespace} (gzip)`, url: `${server.url}/api/v1/graph?namespace=${someNamespace}`, headers: gzip },
  { name: 'POST /api/v1/check', url: `${server.url}/api/v1/check`, bodies },
];
for (const sc of scenarios) {
  const o = { ...sc, connections, seconds, ...(sc.bodies ? { method: 'POST' as const } : {}) };
  log(`load (autocannon): ${sc.name}`);
  loads.push({ ...(await loadTest(o)), name: `${sc.name} — autocannon` });
  log(`load (node client): ${sc.name}`);
  loads.push({ ...(await leanLoadTest(o)), name: `${sc.name} — node:http client` });
}

// File write → SSE: toggle an extra NetworkPolicy in one namespace's file.
const target = join(dir, `${someNamespace}.yaml`);
const original = readFileSync(target, 'utf8');
const extra = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: bench-extra, namespace: ${someNamespace} }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 1 }] }]\n`;
const watcher = await watchSnapshots(`${server.url}/api/v1/events`);
log(`change → event: ${samples} file writes`);
const fileLatency = await measureChanges(watcher, samples, async (i) => writeFileSync(target, i % 2 === 0 ? original + extra : original));
watcher.close();
const rssMb = await server.rssMb();
await server.stop();

let liveLatency: (LatencySummary & { workloads: number; applyMs: number }) | string = 'not run (pass --live)';
if (values.live) {
  try {
    liveLatency = await liveChangeLatency(dir, samples, log);
  } catch (err) {
    liveLatency = `failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}
rmSync(dir, { recursive: true, force: true });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average before ${loadBefore}`;
const ms = (v: number) => `${Math.round(v)} ms`;
const lines = [
  `API benchmark — ${workloads} workloads (synthetic, seed ${seed}), ${connections} connections × ${seconds} s, on ${machine}`,
  '',
  '| measure | p50 | p99 | max | req/s | target |',
  '|---|---|---|---|---|---|',
  ...loads.map((l) => {
    const target = l.name.startsWith('POST') ? 'p99 < 10 ms' : 'p99 < 100 ms';
    const ms = (v: number) => (v < 20 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);
    const bad = l.non2xx + l.errors > 0 ? ` (${l.non2xx} non-2xx, ${l.errors} errors)` : '';
    return `| ${l.name}${bad} | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | ${l.rps} | ${target} |`;
  }),
  `| file write → SSE \`snapshot\` event (${fileLatency.samples} samples) | ${ms(fileLatency.p50)} | p95 ${ms(fileLatency.p95)} | ${ms(fileLatency.max)} | | < 1 s |`,
  typeof liveLatency === 'string'
    ? `| API object update → SSE event | ${liveLatency} | | | | < 1 s |`
    : `| API object update → SSE event (${liveLatency.samples} samples, ${liveLatency.workloads} workloads in a real kube-apiserver) | ${ms(liveLatency.p50)} | p95 ${ms(liveLatency.p95)} | ${ms(liveLatency.max)} | | < 1 s |`,
  '',
  `Server: ready in ${startMs} ms (first snapshot ${Math.round(meta.recomputeMs)} ms: ${meta.counts.objects} objects, ${meta.counts.edges} edges); graph ${(graphBytes / 2 ** 20).toFixed(1)} MiB, ${(gzBytes / 2 ** 10).toFixed(0)} KiB gzip; peak RSS ${rssMb} MiB.`,
];
process.stdout.write(lines.join('\n') + '\n\n');
process.stdout.write(JSON.stringify({ bench: 'api', workloads, seed, connections, seconds, machine, startMs, snapshotMs: meta.recomputeMs, graphBytes, gzBytes, rssMb, loads, fileLatency, liveLatency }) + '\n');
