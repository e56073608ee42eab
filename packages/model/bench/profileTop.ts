/**
 * Self time per function of a V8 .cpuprofile (`node --cpu-prof`), highest first, idle time left
 * out: the profile the model bench is read with (issue 19). Under tsx, pass the main thread's
 * file (the larger one; the other is the module loader's thread). With `--inclusive`, the time
 * spent in each function and everything it called (each function counted once per sample).
 *   tsx packages/model/bench/profileTop.ts FILE.cpuprofile [--top 30] [--inclusive]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, inclusive: { type: 'boolean', default: false } } });
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const nameOf = (f: ProfileNode['callFrame']) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, k) => {
  const dt = profile.timeDeltas[k] ?? 0;
  const f = byId.get(id)!.callFrame;
  // Time the thread waited is no one's cost.
  if (f.functionName === '(idle)') return;
  total += dt;
  if (!values.inclusive) {
    const name = nameOf(f);
    self.set(name, (self.get(name) ?? 0) + dt);
    return;
  }
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = nameOf(byId.get(at)!.callFrame);
    if (seen.has(name)) continue;
    seen.add(name);
    self.set(name, (self.get(name) ?? 0) + dt);
  }
});
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
process.stdout.write(`total ${(total / 1e6).toFixed(2)} s sampled, not idle\n`);
for (const [name, us] of rows) process.stdout.write(`${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}\n`);
