/**
 * The API benchmark (issue 5): the 2,000-workload synthetic cluster written as YAML and served
 * from a manifests source; /api/v1/graph and POST /api/v1/check under 50 concurrent
 * connections (autocannon, a minimal node:http client, and wrk where installed); and the time from a policy change to the SSE message — for a file
 * write, and, with --live, for an update through a real kube-apiserver (@accessgraph/testcluster).
 *
 * POST /api/v1/check keeps answers per snapshot, so it is measured twice: with questions never
 * asked before (distinct random pairs and ports from the seeded generator, one shared sequence
 * for all connections, more than can be asked in the time: every answer a cache miss) and with
 * 200 questions asked over and over (cache hits); the server's own hit and miss counters
 * (/metrics) are reported per row. The same load against a trivial server answering the same
 * bytes (floorServer.ts) shows what this machine and load generator allow at all.
 * Prints a markdown table, then one JSON line for machines.
 *   pnpm --filter @accessgraph/api bench [--workloads 2000] [--seed 1] [--seconds 10] [--samples 20] [--live] [--manifests DIR]
 *     [--clients autocannon,node,wrk]   (wrk rows only where wrk is installed)
 *   pnpm --filter @accessgraph/api bench --memory [--duration 60]   the memory benchmark (bench/memory.ts)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSynthetic } from '../../../packages/model/bench/writeSynthetic.ts';
import { measureChanges, snapshotRecomputeMs, watchSnapshots, type LatencySummary } from './changeLatency.ts';
import { startFloorServer, type FloorKind } from './floorServer.ts';
import { liveChangeLatency } from './liveLatency.ts';
import { leanLoadTest, loadTest, wrkLoadTest, type LoadOptions, type LoadResult } from './loadTest.ts';
import { startServerProcess, type ServerProcess } from './serverProcess.ts';

const { values } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    duration: { type: 'string', default: '60' },
    sse: { type: 'string', default: '50' },
    sample: { type: 'string', default: '5' },
    'change-every': { type: 'string', default: '10' },
    workloads: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    samples: { type: 'string', default: '20' },
    live: { type: 'boolean', default: false },
    clients: { type: 'string', default: 'autocannon,node,wrk' },
    /** Serve this directory (already written by writeSynthetic.ts with the same --workloads/--seed) instead of writing one: 30,000 take a minute to write. */
    manifests: { type: 'string' },
  },
});
const workloads = Number(values.workloads);
const seed = Number(values.seed);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const samples = Number(values.samples);
const clients = new Set(values.clients.split(','));

function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
if (values.memory) {
  // The memory benchmark (bench/memory.ts) instead of the latency one.
  const { runMemoryBench } = await import('./memory.ts');
  await runMemoryBench(
    { durationS: Number(values.duration), workloads: Number(values.workloads), seed: Number(values.seed), sse: Number(values.sse), sampleS: Number(values.sample), changeEveryS: Number(values['change-every']) },
    log,
  );
  process.exit(0);
}
const loadBefore = loadavg()[0]!.toFixed(2);
const dir = values.manifests ?? mkdtempSync(join(tmpdir(), 'accessgraph-api-bench-'));
if (!values.manifests) {
  const files = writeSynthetic(workloads, seed, dir);
  log(`wrote ${workloads} workloads (seed ${seed}) as ${files} files to ${dir}`);
}

const t0 = performance.now();
const server = await startServerProcess(['--manifests', dir]);
const startMs = Math.round(performance.now() - t0);
const meta = (await (await fetch(`${server.url}/api/v1/snapshot`)).json()) as { recomputeMs: number; counts: Record<string, number> };
log(`server ready in ${startMs} ms (snapshot ${meta.recomputeMs} ms; ${JSON.stringify(meta.counts)})`);

const rssAfterStartMb = await server.rssNowMb();
type GraphNodes = { nodes: { id: string; namespace: string; ports: { port: number; protocol: string }[] }[] };
/** One GET as a browser asks (gzip): status, wall ms, bytes on the wire. */
async function once(path: string): Promise<{ path: string; status: number; ms: number; wire: number }> {
  const http = await import('node:http');
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http.get(`${server.url}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let wire = 0;
      res.on('data', (c: Buffer) => (wire += c.length));
      res.on('end', () => resolve({ path, status: res.statusCode ?? 0, ms: Math.round(performance.now() - t0), wire }));
    }).on('error', reject);
  });
}
// What the dashboard asks first, timed one by one (the first ask after start-up, then again).
const firstAsks: { path: string; status: number; ms: number; wire: number }[] = [];
const overviewDoc = (await (await fetch(`${server.url}/api/v1/overview`)).json()) as { namespaces: { name: string }[] };
for (const path of ['/api/v1/overview', '/api/v1/overview', '/api/v1/graph', '/api/v1/graph']) firstAsks.push(await once(path));
const graphRes = await fetch(`${server.url}/api/v1/graph`, { headers: { 'accept-encoding': 'identity' } });
// Above --max-graph-size the full graph is a 413: the workloads then come namespace by namespace.
const fullGraph = graphRes.status === 200;
const graphBytes = fullGraph ? Number(graphRes.headers.get('content-length') ?? 0) : 0;
let graph: GraphNodes;
if (fullGraph) graph = (await graphRes.json()) as GraphNodes;
else {
  log(`GET /api/v1/graph answered ${graphRes.status}: ${((await graphRes.json()) as { message: string }).message}`);
  const byId = new Map<string, GraphNodes['nodes'][number]>();
  const names = overviewDoc.namespaces.map((n) => n.name);
  for (let i = 0; i < names.length; i += 50) {
    const q = names.slice(i, i + 50).map((n) => `namespace=${encodeURIComponent(n)}`).join('&');
    const part = (await (await fetch(`${server.url}/api/v1/graph?${q}&diagnostics=false`)).json()) as GraphNodes;
    for (const n of part.nodes) byId.set(n.id, n);
  }
  graph = { nodes: [...byId.values()].filter((n) => n.namespace !== '') };
}
const gzBytes = fullGraph ? await bytesOf(`${server.url}/api/v1/graph`, { 'accept-encoding': 'gzip' }) : 0;
const someNamespaceFirst = graph.nodes[0]!.namespace;
for (const path of [`/api/v1/graph?namespace=${someNamespaceFirst}&diagnostics=false`, `/api/v1/graph?namespace=${someNamespaceFirst}&diagnostics=false`]) firstAsks.push(await once(path));
log(`first asks: ${JSON.stringify(firstAsks)}`);

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
/** Distinct random questions: any workload to a port some workload declares, in seeded order. */
function distinctQuestions(count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const from = graph.nodes[Math.floor(rand() * graph.nodes.length)]!;
    const to = withPorts[Math.floor(rand() * withPorts.length)]!;
    const p = to.ports[Math.floor(rand() * to.ports.length)]!;
    out.add(JSON.stringify({ from: from.id, to: to.id, port: p.port, protocol: p.protocol }));
  }
  return [...out];
}
// More new questions per client than it can ask in the time (25,000 a second is several times
// what this server answers), so none is asked twice; the server's counters confirm it.
const perClient = Math.max(20_000, seconds * 25_000);
const questions = distinctQuestions(200 + 3 * perClient);
const repeated = questions.slice(0, 200);
const fresh = { autocannon: questions.slice(200, 200 + perClient), node: questions.slice(200 + perClient, 200 + 2 * perClient), wrk: questions.slice(200 + 2 * perClient) };
log(`${questions.length} distinct check questions`);
const someNamespace = graph.nodes[0]!.namespace;

type Row = LoadResult & { serverCpu: number; cache?: { hits: number; misses: number } };
const loads: Row[] = [];
const gzip = { 'accept-encoding': 'gzip' };

/** Cache hits and misses of POST /api/v1/check so far (the server's /metrics). */
async function answerCounters(url: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (c: string) => Number(new RegExp(`^accessgraph_check_answers_total\\{cache="${c}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hits: count('hit'), misses: count('miss') };
}

/** One load with each client; server CPU (share of one core) and, for checks, cache counters. */
async function measure(target: ServerProcess, sc: Omit<LoadOptions, 'connections' | 'seconds'>, bodies?: { autocannon: string[]; node: string[]; wrk: string[] }, counters = false): Promise<void> {
  for (const [client, run, name] of [
    ['autocannon', loadTest, 'autocannon'],
    ['node', leanLoadTest, 'node:http client'],
    ['wrk', wrkLoadTest, 'wrk'],
  ] as const) {
    if (!clients.has(client)) continue;
    log(`load (${name}): ${sc.name}`);
    const o: LoadOptions = { ...sc, connections, seconds, ...(bodies ? { method: 'POST' as const, bodies: bodies[client] } : {}) };
    const before = counters ? await answerCounters(target.url) : undefined;
    const cpu0 = await target.cpuSeconds();
    const t0 = performance.now();
    const r = await run(o);
    if (!r) {
      log(`${name} is not installed: its rows are left out (apt-get install wrk)`);
      continue;
    }
    const serverCpu = Math.round(((await target.cpuSeconds()) - cpu0) / ((performance.now() - t0) / 1000) * 100);
    const after = counters ? await answerCounters(target.url) : undefined;
    loads.push({ ...r, name: `${sc.name} — ${name}`, serverCpu, ...(before && after ? { cache: { hits: after.hits - before.hits, misses: after.misses - before.misses } } : {}) });
  }
}

const checkUrl = `${server.url}/api/v1/check`;
if (fullGraph) {
  await measure(server, { name: 'GET /api/v1/graph (identity)', url: `${server.url}/api/v1/graph` });
  await measure(server, { name: 'GET /api/v1/graph (gzip, as browsers ask)', url: `${server.url}/api/v1/graph`, headers: gzip });
}
await measure(server, { name: 'GET /api/v1/overview (gzip)', url: `${server.url}/api/v1/overview`, headers: gzip });
await measure(server, { name: `GET /api/v1/graph?namespace=${someNamespace} (gzip)`, url: `${server.url}/api/v1/graph?namespace=${someNamespace}`, headers: gzip });
await measure(server, { name: 'POST /api/v1/check, questions never asked before', url: checkUrl }, fresh, true);
await measure(server, { name: 'POST /api/v1/check, 200 questions asked again and again', url: checkUrl }, { autocannon: repeated, node: repeated, wrk: repeated }, true);

// A real answer of median size, for the floor servers to send.
const answers = await Promise.all(repeated.map(async (body) => (await fetch(checkUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text()));
const floorBody = answers.sort((a, b) => a.length - b.length)[Math.floor(answers.length / 2)]!;

// File write → SSE: toggle an extra NetworkPolicy in one namespace's file.
const target = join(dir, `${someNamespace}.yaml`);
const original = readFileSync(target, 'utf8');
const extra = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: bench-extra, namespace: ${someNamespace} }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 1 }] }]\n`;
const watcher = await watchSnapshots(`${server.url}/api/v1/events`);
log(`change → event: ${samples} file writes`);
// A change at 30,000 workloads takes tens of seconds; a failure is a row, not the end of the table.
let fileLatency: (LatencySummary & { recompute?: LatencySummary }) | string;
try {
  fileLatency = await measureChanges(watcher, samples, async (i) => writeFileSync(target, i % 2 === 0 ? original + extra : original), snapshotRecomputeMs(server.url), workloads >= 10_000 ? 300_000 : 30_000);
} catch (err) {
  fileLatency = `failed: ${err instanceof Error ? err.message : String(err)}${server.exited() ? ' (the server exited)' : ''}`;
  log(`file change latency failed; server log:\n${server.stderr().slice(-4000)}`);
}
watcher.close();
const serverLog = server.stderr();
const rssMb = await server.rssMb();
const rssEndMb = await server.rssNowMb();
await server.stop();
writeFileSync(target, original);

for (const kind of ['node:http', 'fastify'] as FloorKind[]) {
  const floor = await startFloorServer(kind, floorBody);
  try {
    const what = kind === 'fastify' ? 'a bare Fastify route' : 'a trivial node:http server';
    await measure(floor, { name: `floor: ${what} sending the same ${floorBody.length}-byte answer`, url: `${floor.url}/api/v1/check` }, { autocannon: repeated, node: repeated, wrk: repeated });
  } finally {
    await floor.stop();
  }
}

let liveLatency: (LatencySummary & { recompute?: LatencySummary; workloads: number; applyMs: number }) | string = 'not run (pass --live)';
if (values.live) {
  try {
    liveLatency = await liveChangeLatency(dir, samples, log);
  } catch (err) {
    // One line in the table (the test cluster's messages name their log file).
    liveLatency = `failed: ${(err instanceof Error ? err.message : String(err)).split('\n').filter((l) => l.trim()).slice(0, 1).join('')}`;
    log(`live run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
if (!values.manifests) rmSync(dir, { recursive: true, force: true });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average before ${loadBefore}`;
const ms = (v: number) => `${Math.round(v)} ms`;
const recompute = (l: { recompute?: LatencySummary }) => (l.recompute ? `; server recompute p50 ${ms(l.recompute.p50)}, max ${ms(l.recompute.max)}` : '');
const count = (n: number) => n.toLocaleString('en-US');
const lines = [
  `API benchmark — ${workloads} workloads (synthetic, seed ${seed}), ${connections} connections × ${seconds} s, on ${machine}`,
  '',
  '| measure | p50 | p99 | max | req/s | server CPU | target |',
  '|---|---|---|---|---|---|---|',
  ...loads.map((l) => {
    const floor = l.name.startsWith('floor');
    const target = floor ? '(reference)' : l.name.startsWith('POST') ? 'p99 < 10 ms' : 'p99 < 100 ms';
    const ms = (v: number) => (v < 20 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);
    const bad = l.non2xx + l.errors > 0 ? ` (${l.non2xx} non-2xx, ${l.errors} errors)` : '';
    const cache = l.cache ? ` (${count(l.cache.misses)} misses, ${count(l.cache.hits)} hits)` : '';
    return `| ${l.name}${cache}${bad} | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | ${count(l.rps)} | ${l.serverCpu} % | ${target} |`;
  }),
  typeof fileLatency === 'string'
    ? `| file write → SSE \`snapshot\` event | ${fileLatency} | | | | | < 1 s |`
    : `| file write → SSE \`snapshot\` event (${fileLatency.samples} samples${recompute(fileLatency)}) | ${ms(fileLatency.p50)} | p95 ${ms(fileLatency.p95)} | ${ms(fileLatency.max)} | | | < 1 s |`,
  typeof liveLatency === 'string'
    ? `| API object update → SSE event | ${liveLatency} | | | | | < 1 s |`
    : `| API object update → SSE event (${liveLatency.samples} samples, ${liveLatency.workloads} workloads in a real kube-apiserver${recompute(liveLatency)}) | ${ms(liveLatency.p50)} | p95 ${ms(liveLatency.p95)} | ${ms(liveLatency.max)} | | | < 1 s |`,
  '',
  `Server: ready in ${startMs} ms (first snapshot ${Math.round(meta.recomputeMs)} ms: ${meta.counts.objects} objects, ${meta.counts.edges} edges); ${fullGraph ? `graph ${(graphBytes / 2 ** 20).toFixed(1)} MiB, ${(gzBytes / 2 ** 10).toFixed(0)} KiB gzip` : 'full graph refused (413, over --max-graph-size)'}; RSS ${rssAfterStartMb} MiB after start, ${rssEndMb} MiB at the end, peak ${rssMb} MiB. Server CPU is the server process's share of one core during the row (the load generator runs on the same ${cpus().length} cores).`,
  '',
  'One request at a time, as the dashboard asks (gzip; the first ask after start-up, then again):',
  '',
  '| request | status | ms | bytes on the wire |',
  '|---|---|---|---|',
  ...firstAsks.map((a) => `| GET ${a.path} | ${a.status} | ${a.ms} | ${count(a.wire)} |`),
  '',
  'The server said:',
  '',
  ...serverLog.trim().split('\n').map((l) => `    ${l}`),
];
process.stdout.write(lines.join('\n') + '\n\n');
process.stdout.write(JSON.stringify({ bench: 'api', workloads, seed, connections, seconds, machine, startMs, snapshotMs: meta.recomputeMs, graphBytes, gzBytes, rssMb, rssAfterStartMb, rssEndMb, firstAsks, loads, fileLatency, liveLatency }) + '\n');
