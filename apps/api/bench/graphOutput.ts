/**
 * Whole-process graph output (issue 13): the synthetic cluster in issue 13's shape (2,003
 * workloads, 803 namespaces, one in twenty meshed, ~1 NetworkPolicy per workload, most admitting
 * a whole environment — packages/model/bench/synthetic.ts ISSUE_13_SHAPE) written as YAML, then
 * the real CLI as a fresh process: `graph --format compact` and `graph --format json`, each
 * reported with wall time, bytes written, edges (workload pairs) and peak RSS (/usr/bin/time -v
 * where it exists, else the process's own getrusage through a preloaded module). np-guard's
 * netpol-analyzer (`netpolicy list --dirpath DIR`) runs on the same YAML when it is on PATH, in
 * ~/go/bin or at $NETPOLICY; when it is not, the bench says so loudly and goes on.
 *   pnpm --filter @accessgraph/api exec tsx bench/graphOutput.ts [--runs 3] [--skip-full] [--skip-npguard]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ISSUE_13_SHAPE } from '../../../packages/model/bench/synthetic.ts';
import { writeSynthetic } from '../../../packages/model/bench/writeSynthetic.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, seed: { type: 'string', default: '1' }, 'skip-full': { type: 'boolean', default: false }, 'skip-npguard': { type: 'boolean', default: false } } });
const BIN = fileURLToPath(new URL('../bin/accessgraph.mjs', import.meta.url));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const log = (m: string) => process.stderr.write(`bench graph: ${m}\n`);

interface Run {
  wallMs: number;
  bytes: number;
  peakRssMiB: number | undefined;
  /** User + system CPU seconds (from /usr/bin/time): what the run cost, whatever else shares the machine. */
  cpuS: number | undefined;
  status: number | null;
  /** The first bytes of stdout (to count edges of small outputs) or all of it when asked. */
  stdout?: string;
}

/** Runs a command, counting its stdout bytes (kept only with `keep`), timing it and reading its peak RSS. */
function measure(command: string, args: string[], keep: boolean, node = false): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-rss-'));
  const rssFile = join(dir, 'rss');
  let cmd = command;
  let argv = args;
  if (TIME) {
    argv = ['-v', '-o', rssFile, command, ...args];
    cmd = TIME;
  } else if (node) {
    // getrusage of the CLI process itself, written when it exits.
    const preload = join(dir, 'rss.mjs');
    writeFileSync(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, 'Maximum resident set size (kbytes): ' + process.resourceUsage().maxRSS));\n`);
    argv = ['--import', preload, ...args];
  }
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => {
      bytes += b.length;
      if (keep) chunks.push(b);
    });
    child.on('error', reject);
    child.on('close', (status) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const text = existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : '';
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
      const user = /User time \(seconds\): ([\d.]+)/.exec(text)?.[1];
      const sys = /System time \(seconds\): ([\d.]+)/.exec(text)?.[1];
      rmSync(dir, { recursive: true, force: true });
      resolve({ wallMs, bytes, peakRssMiB: kb ? Number(kb) / 1024 : undefined, cpuS: user && sys ? Number(user) + Number(sys) : undefined, status, ...(keep ? { stdout: Buffer.concat(chunks).toString('utf8') } : {}) });
    });
  });
}

/** Workload pairs with at least one flow, from the compact document (a group lists one port's sources). */
function compactEdges(text: string): { edges: number; edgePorts: number } {
  const doc = JSON.parse(text) as { flows: number[][] };
  const pairs = new Set<number>();
  let edgePorts = 0;
  for (const g of doc.flows) {
    let from = g[6]!;
    const to = g[0]!;
    for (let k = 6; k < g.length; k++) {
      if (k > 6) from += g[k]!;
      pairs.add(to * 1_000_000 + from);
      edgePorts++;
    }
  }
  return { edges: pairs.size, edgePorts };
}

function findNetpolicy(): string | undefined {
  const candidates = [process.env.NETPOLICY, ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'netpolicy')), join(process.env.GOPATH ?? join(homedir(), 'go'), 'bin', 'netpolicy')];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits }));

const seed = Number(values.seed);
const runs = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'accessgraph-graph-bench-'));
const loadBefore = loadavg()[0]!.toFixed(2);
try {
  const files = writeSynthetic(ISSUE_13_SHAPE.workloads, seed, dir, ISSUE_13_SHAPE);
  log(`wrote ${ISSUE_13_SHAPE.workloads} workloads in ${ISSUE_13_SHAPE.namespaces} namespaces as ${files} files to ${dir}`);
  // Warm-up: builds dist/ when stale, fills the page cache.
  await measure(process.execPath, [BIN, 'graph', '--manifests', dir, '--format', 'compact'], false, true);

  const rows: { name: string; wallMs: number; cpuS: number | undefined; bytes: number; edges: number | undefined; peakRssMiB: number | undefined; runs: number }[] = [];
  const series = async (name: string, command: string, args: string[], node: boolean, count: (stdout: string) => number | undefined, n: number) => {
    const results: Run[] = [];
    let edges: number | undefined;
    for (let i = 0; i < n; i++) {
      const r = await measure(command, args, i === 0, node);
      if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
      if (i === 0) edges = count(r.stdout!);
      results.push(r);
      log(`${name}: ${Math.round(r.wallMs)} ms wall, ${fmt(r.cpuS, 2)} s CPU, ${fmt(r.bytes)} bytes, peak RSS ${fmt(r.peakRssMiB)} MiB`);
    }
    rows.push({ name, wallMs: median(results.map((r) => r.wallMs)), cpuS: median(results.map((r) => r.cpuS ?? 0)) || undefined, bytes: results[0]!.bytes, edges, peakRssMiB: median(results.map((r) => r.peakRssMiB ?? 0)) || undefined, runs: n });
  };
  await series('accessgraph graph --format compact', process.execPath, [BIN, 'graph', '--manifests', dir, '--format', 'compact'], true, (s) => compactEdges(s).edges, runs);
  if (!values['skip-full']) {
    await series('accessgraph graph --format json', process.execPath, [BIN, 'graph', '--manifests', dir, '--format', 'json'], true, (s) => (JSON.parse(s) as { edges: unknown[] }).edges.length, 1);
  }
  const netpolicy = values['skip-npguard'] ? undefined : findNetpolicy();
  if (netpolicy) {
    await series('np-guard netpolicy list --dirpath DIR', netpolicy, ['list', '--dirpath', dir], false, () => undefined, 1);
  } else if (!values['skip-npguard']) {
    process.stderr.write(
      '\n!!! np-guard netpol-analyzer (netpolicy) NOT FOUND: no side-by-side figure. Install it with\n!!!   GOFLAGS=-mod=mod go install github.com/np-guard/netpol-analyzer/cmd/netpolicy@latest\n!!! or set NETPOLICY=/path/to/netpolicy (apps/api/bench/RESULTS.md says how to build it from source).\n\n',
    );
  }
  const machine = `${cpus()[0]?.model.trim() ?? '?'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load ${loadBefore} before / ${loadavg()[0]!.toFixed(2)} after`;
  console.log(`\nGraph output, whole process (issue 13 shape: ${ISSUE_13_SHAPE.workloads} workloads, ${ISSUE_13_SHAPE.namespaces} namespaces, seed ${seed}; ${machine})\n`);
  console.log('| command | wall (median) | CPU user+sys | output | edges | peak RSS | runs |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| \`${r.name}\` | ${fmt(r.wallMs / 1000, 2)} s | ${fmt(r.cpuS, 2)} s | ${fmt(r.bytes / 2 ** 20, 1)} MiB | ${fmt(r.edges)} | ${fmt(r.peakRssMiB)} MiB | ${r.runs} |`);
  console.log(JSON.stringify({ bench: 'graph-output', machine, rows }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
