/**
 * `pnpm bench` for the model: each size in a fresh process (measure.ts), a markdown table with
 * the machine it ran on, written to bench/out/model.md.
 *   tsx packages/model/bench/run.ts [--sizes 200,2000,10000] [--seed 1]
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '200,2000,10000' }, seed: { type: 'string', default: '1' } } });
const here = new URL('.', import.meta.url).pathname;
const rows = values.sizes.split(',').map((s) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `${here}measure.ts`, s, values.seed], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
  process.stderr.write(`${s} workloads done\n`);
  return r;
});

export function machine(): string {
  return `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

const header = '| workloads | objects | NetworkPolicies | parse (ms) | index + findings (ms) | full graph (ms) | graph edges (ports) | one policy changed, incremental: median / worst of 5 (ms) | … from scratch (ms) | peak RSS (MiB) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
const lines = rows.map((r) => `| ${r.workloads} | ${r.objects} | ${r.networkPolicies} | ${r.parse} | ${r.index} | ${r.fullGraph} | ${r.edges} (${r.edgePorts}) | ${r.recompute} / ${r.recomputeWorst} | ${r.recomputeFromScratch} | ${r.peakRssMiB} |`);
const md = `Model benchmark (synthetic cluster, seed ${values.seed}) on ${machine()}\n\n${header}\n${lines.join('\n')}\n`;
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/model.md', md);
process.stdout.write(md);
