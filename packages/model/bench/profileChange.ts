/**
 * Profiles what one NetworkPolicy change costs (issue 19): builds the synthetic cluster in a
 * ModelIndex (untimed), then applies the same changes as measure.ts — one `allow-` policy's
 * ingress ports — and, with `--prof FILE`, writes a CPU profile of the changes alone (read it
 * with profileTop.ts). Prints CPU seconds and wall ms per change.
 * Under `--expose-gc` the heap is measured after a full collection.
 *   node [--expose-gc] --import tsx packages/model/bench/profileChange.ts SIZE [--rounds 5] [--prof FILE]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ModelIndex, positionKey, resetTo } from '../src/index.ts';
import { generateCluster } from './synthetic.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '5' }, prof: { type: 'string' }, seed: { type: 'string', default: '1' } } });
const size = Number(positionals[0] ?? 2000);
const objects = generateCluster({ workloads: size, seed: Number(values.seed) });
const target = objects.findIndex((o) => (o.object as { kind?: string }).kind === 'NetworkPolicy' && String((o.object as { metadata: { name: string } }).metadata.name).startsWith('allow-'));
const withPortAt = (port: number) => {
  const o = objects[target]!;
  const obj = o.object as { spec: Record<string, unknown> };
  return { ...o, object: { ...obj, spec: { ...obj.spec, ingress: [{ ports: [{ port }] }] } } };
};
const model = new ModelIndex();
model.apply(resetTo(objects));
model.analyze().graph();
// One change untimed: the first one after a fresh build also fills what later ones reuse.
model.apply({ changes: [{ type: 'apply', key: positionKey(target), object: withPortAt(999) }] });
model.analyze().graph();

const session = new Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
if (values.prof) {
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
}
for (let round = 0; round < Number(values.rounds); round++) {
  const t = performance.now();
  const c = process.cpuUsage();
  model.apply({ changes: [{ type: 'apply', key: positionKey(target), object: withPortAt(1000 + round) }] });
  model.analyze().graph();
  const d = process.cpuUsage(c);
  // Under --expose-gc the heap after a full collection: what the model keeps, not garbage not yet collected.
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`change ${round}: ${((d.user + d.system) / 1e6).toFixed(3)} CPU-s, ${(performance.now() - t).toFixed(0)} ms wall, heap ${Math.round(m.heapUsed / 1048576)} MiB, rss ${Math.round(m.rss / 1048576)} MiB, load ${loadavg()[0]!.toFixed(1)}\n`);
}
if (values.prof) {
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(values.prof, JSON.stringify(profile));
}
session.disconnect();
