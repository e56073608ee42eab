/**
 * The memory benchmark (issue 15): `accessgraph serve` over the synthetic cluster in its own
 * process, under a mixed load meant to grow memory — distinct POST /api/v1/check questions
 * (random pairs, random ports), distinct /api/v1/matrix?port= and /api/v1/graph?port= queries,
 * SSE clients that connect and never read (reconnecting when dropped), and a snapshot change
 * every few seconds — sampling the server's RSS, V8 heap and cache sizes over time.
 *   pnpm --filter @accessgraph/api bench --memory [--duration 60] [--workloads 2000] [--seed 1]
 *     [--sse 50] [--sample 5] [--change-every 10]
 * Prints a markdown table of the samples, then one JSON line for machines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeSynthetic } from '../../../packages/model/bench/writeSynthetic.ts';
import { startServerProcess } from './serverProcess.ts';

export interface MemoryOptions {
  durationS: number;
  workloads: number;
  seed: number;
  sse: number;
  sampleS: number;
  changeEveryS: number;
}

function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MiB = 2 ** 20;

function gauge(text: string, name: string, labels = ''): number {
  const m = new RegExp(`^${name}${labels.replace(/[{}"]/g, (c) => `\\${c}`)} ([\\d.e+]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

export async function runMemoryBench(o: MemoryOptions, log: (m: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-memory-bench-'));
  const files = writeSynthetic(o.workloads, o.seed, dir);
  log(`wrote ${o.workloads} workloads as ${files} files to ${dir}`);
  const server = await startServerProcess(['--manifests', dir, '--settle-ms', '100']);
  const url = server.url;
  const port = Number(new URL(url).port);
  const graph = (await (await fetch(`${url}/api/v1/graph`)).json()) as { nodes: { id: string; namespace: string }[] };
  const ids = graph.nodes.map((n) => n.id);
  const namespaces = [...new Set(graph.nodes.map((n) => n.namespace))];
  const rand = mulberry32(o.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const deadline = Date.now() + o.durationS * 1000;
  const counts = { checks: 0, matrices: 0, graphs: 0, sseConnects: 0, changes: 0, errors: 0 };
  const running = () => Date.now() < deadline;

  const checkWorker = async () => {
    while (running()) {
      const body = JSON.stringify({ from: pick(ids), to: pick(ids), port: 1 + Math.floor(rand() * 65535) });
      const r = await fetch(`${url}/api/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch(() => undefined);
      if (r) await r.arrayBuffer();
      if (r?.ok || r?.status === 400) counts.checks++;
      else counts.errors++;
    }
  };
  // The matrix and graph answers are heavy (a whole graph filtered and serialized): a few a
  // second, so the server still has time for the check flood.
  const pause = () => new Promise((r) => setTimeout(r, 400));
  const matrixWorker = async () => {
    while (running()) {
      await pause();
      const r = await fetch(`${url}/api/v1/matrix?namespace=${pick(namespaces)}&port=${1 + Math.floor(rand() * 65535)}`).catch(() => undefined);
      if (r) await r.arrayBuffer();
      if (r?.ok) counts.matrices++;
      else counts.errors++;
    }
  };
  const graphWorker = async () => {
    while (running()) {
      await pause();
      const r = await fetch(`${url}/api/v1/graph?port=${1 + Math.floor(rand() * 65535)}`, { headers: { 'accept-encoding': 'gzip' } }).catch(() => undefined);
      if (r) await r.arrayBuffer();
      if (r?.ok) counts.graphs++;
      else counts.errors++;
    }
  };
  /** A client that asks for the event stream and never reads it; connects again when dropped. */
  const sockets = new Set<net.Socket>();
  const silentSse = () => {
    if (!running()) return;
    const s = net.connect(port, '127.0.0.1', () => {
      s.pause();
      s.write('GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
      counts.sseConnects++;
    });
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => {
      sockets.delete(s);
      setTimeout(silentSse, 100);
    });
  };
  for (let i = 0; i < o.sse; i++) silentSse();

  // A real change every few seconds: a NetworkPolicy in its own file, added and removed.
  const changeFile = join(dir, 'zz-bench-change.yaml');
  let on = false;
  const changer = setInterval(() => {
    on = !on;
    writeFileSync(
      changeFile,
      on ? `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: bench-deny, namespace: ${namespaces[0]} }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n` : '# nothing\n',
    );
    counts.changes++;
  }, o.changeEveryS * 1000);

  type Sample = { t: number; rssMiB: number; heapMiB: number; externalMiB: number; checkCacheMiB: number; graphCacheMiB: number; sseClients: number; sseDropped: number; version: number };
  const samples: Sample[] = [];
  const started = Date.now();
  const sample = async () => {
    const m = await (await fetch(`${url}/metrics`)).text();
    samples.push({
      t: Math.round((Date.now() - started) / 1000),
      rssMiB: Math.round(gauge(m, 'process_resident_memory_bytes') / MiB),
      heapMiB: Math.round(gauge(m, 'nodejs_heap_size_used_bytes') / MiB),
      externalMiB: Math.round(gauge(m, 'nodejs_external_memory_bytes') / MiB),
      checkCacheMiB: Math.round((gauge(m, 'accessgraph_cache_bytes', '{cache="check"}') / MiB) * 10) / 10,
      graphCacheMiB: Math.round((gauge(m, 'accessgraph_cache_bytes', '{cache="graph"}') / MiB) * 10) / 10,
      sseClients: gauge(m, 'accessgraph_sse_clients'),
      sseDropped: gauge(m, 'accessgraph_sse_dropped_total'),
      version: gauge(m, 'accessgraph_snapshot_version'),
    });
  };
  await sample();
  const sampler = setInterval(() => void sample(), o.sampleS * 1000);
  await Promise.all([...Array.from({ length: 6 }, checkWorker), matrixWorker(), graphWorker()]);
  clearInterval(sampler);
  clearInterval(changer);
  await sample();
  const peakMiB = await server.rssMb();
  for (const s of sockets) s.destroy();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  process.stdout.write(`Memory benchmark — ${o.workloads} workloads (synthetic, seed ${o.seed}), ${o.durationS} s, on ${machine}\n\n`);
  process.stdout.write(`Load: ${counts.checks} distinct check questions, ${counts.matrices} matrix?port= answers, ${counts.graphs} graph?port= answers, ${o.sse} SSE clients that never read (${counts.sseConnects} connects), ${counts.changes} snapshot changes, ${counts.errors} errors. Peak RSS (VmHWM) ${peakMiB} MiB.\n\n`);
  process.stdout.write('| t (s) | RSS MiB | heap MiB | external MiB | check cache MiB | graph cache MiB | SSE clients | SSE dropped | snapshot |\n|---|---|---|---|---|---|---|---|---|\n');
  for (const s of samples) process.stdout.write(`| ${s.t} | ${s.rssMiB} | ${s.heapMiB} | ${s.externalMiB} | ${s.checkCacheMiB} | ${s.graphCacheMiB} | ${s.sseClients} | ${s.sseDropped} | ${s.version} |\n`);
  process.stdout.write(`\n${JSON.stringify({ bench: 'memory', machine, options: o, counts, peakRssMiB: peakMiB, samples })}\n`);
}
