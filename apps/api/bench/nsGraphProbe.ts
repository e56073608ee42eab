/**
 * The server's side of a namespace expansion (issue 16): a synthetic cluster from a manifests
 * directory, every namespace's `/api/v1/graph?namespace=NS&diagnostics=false` asked once, in
 * process (app.inject, gzip accepted).
 *   --cold: a one-byte answer cache (nothing kept, no warm-up: each answer computed at the ask);
 *   default: after the start-up warm-up has ended (cache entries stable for 5 s), reporting how
 *   long it took and how many namespaces it prepared.
 *   node --import tsx bench/nsGraphProbe.ts DIR [--cold] [--limit N]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.ts';
import { SnapshotStore } from '../src/snapshot/snapshotStore.ts';
import { ManifestWatchSource } from '../src/sources/manifestWatch.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { cold: { type: 'boolean' }, limit: { type: 'string' } } });
const store = new SnapshotStore({ source: new ManifestWatchSource({ paths: [positionals[0]!], pollMs: 0 }) });
const app = await buildApp({ store, ...(values.cold ? { graphCacheBytes: 1 } : {}) });
await store.start();
await store.ready();
const t0 = performance.now();
const entries = async () => Number(/^accessgraph_cache_entries\{cache="graph"\} (\d+)$/m.exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0);
let last = -1;
let stableSince = performance.now();
let warmedAt = 0;
for (;;) {
  await new Promise((r) => setTimeout(r, 100));
  const n = await entries();
  if (n !== last) {
    last = n;
    stableSince = performance.now();
    warmedAt = stableSince - t0;
  } else if (performance.now() - stableSince > 5000 && (n > 0 || values.cold || performance.now() - t0 > 120_000)) break;
}
const nss = store.current()!.graph.namespaces.map((n) => n.name).slice(0, Number(values.limit ?? 1e9));
const times: number[] = [];
const cpu0 = process.cpuUsage();
for (const ns of nss) {
  const t = performance.now();
  const r = await app.inject({ url: `/api/v1/graph?namespace=${ns}&diagnostics=false`, headers: { 'accept-encoding': 'gzip' } });
  times.push(performance.now() - t);
  if (r.statusCode !== 200) throw new Error(String(r.statusCode));
}
const cpu = process.cpuUsage(cpu0);
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
console.log(`${values.cold ? 'cold (no cache)' : `after the warm-up (${last} graph-cache entries: the warmed namespaces, and the default graph when it fits; stable ${Math.round(warmedAt)} ms after the snapshot)`}: ${nss.length} namespaces asked once: median ${q(0.5)} p90 ${q(0.9)} max ${q(1)} ms; CPU ${((cpu.user + cpu.system) / 1000 / nss.length).toFixed(1)} ms per ask`);
await app.close();
await store.stop();
