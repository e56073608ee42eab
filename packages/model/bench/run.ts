/**
 * `pnpm bench` for the model: each size in a fresh process (measure.ts) so that peak RSS is that
 * size's own, a markdown table with the machine it ran on, written to bench/out/model.md
 * (git-ignored) and printed.
 *   tsx packages/model/bench/run.ts [--sizes 200,2000,10000] [--seed 1]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(new URL('.', import.meta.url));

/** CPU model (from /proc/cpuinfo when there is one), cores, RAM and Node version. */
export function machine(): string {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
  return `${model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

type Row = Record<string, number>;

const fmt = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: 1 }));

export function table(rows: Row[]): string {
  const cols: [string, (r: Row) => string][] = [
    ['workloads', (r) => fmt(r.workloads)],
    ['objects', (r) => fmt(r.objects)],
    ['NetworkPolicies', (r) => fmt(r.networkPolicies)],
    ['generate (ms)', (r) => fmt(r.generate)],
    ['parse (ms; CPU-s)', (r) => `${fmt(r.parse)}; ${fmt(r.parseCpu)}`],
    ['index + findings (ms; CPU-s)', (r) => `${fmt(r.index)}; ${fmt(r.indexCpu)}`],
    ['full graph (ms; CPU-s)', (r) => `${fmt(r.fullGraph)}; ${fmt(r.fullGraphCpu)}`],
    ['graph edges (ports)', (r) => `${fmt(r.edges)} (${fmt(r.edgePorts)})`],
    ['findings', (r) => fmt(r.diagnostics)],
    ['one policy changed, incremental: median / worst of 5 (ms); median CPU-s', (r) => `${fmt(r.recompute)} / ${fmt(r.recomputeWorst)}; ${fmt(r.recomputeCpu)}`],
    ['… from scratch (ms)', (r) => fmt(r.recomputeFromScratch)],
    ['peak RSS: VmHWM / sampled (MiB)', (r) => `${fmt(r.peakRssMiB)} / ${fmt(r.sampledRssMiB)}`],
    ['load average at the end', (r) => fmt(r.load)],
  ];
  const head = `| ${cols.map(([h]) => h).join(' | ')} |\n|${cols.map(() => '---:').join('|')}|`;
  return `${head}\n${rows.map((r) => `| ${cols.map(([, f]) => f(r)).join(' | ')} |`).join('\n')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '200,2000,10000' }, seed: { type: 'string', default: '1' } } });
  const rows = values.sizes.split(',').map((s) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', `${here}measure.ts`, s.trim(), values.seed], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Row;
    process.stderr.write(`${s} workloads: graph in ${r.fullGraph} ms, peak RSS ${r.peakRssMiB} MiB\n`);
    return r;
  });
  const md = `Model benchmark (synthetic cluster, seed ${values.seed}, \`packages/model/bench/synthetic.ts\`) on ${machine()}\n\n${table(rows)}\n`;
  mkdirSync(`${here}out`, { recursive: true });
  writeFileSync(`${here}out/model.md`, md);
  process.stdout.write(md);
}
