/**
 * Whole-process start-up of the compiled CLI (issue 13): `accessgraph --help` and
 * `accessgraph check … --demo`, each run N times as a fresh `node` process after one warm-up
 * (which also builds dist/ when it is stale), reported as median and p90 wall time against the
 * targets (150 ms, 400 ms). Prints a markdown table with the machine, then one JSON line.
 *   pnpm --filter @accessgraph/api exec tsx bench/startup.ts [--runs 20]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const BIN = fileURLToPath(new URL('../bin/accessgraph.mjs', import.meta.url));

const CASES = [
  { name: 'accessgraph --help', args: ['--help'], targetMs: 150, expectStatus: 0 },
  { name: 'accessgraph check wikijs/wikijs postgres/postgresql:5432 --demo', args: ['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--demo'], targetMs: 400, expectStatus: 0 },
];

function once(args: string[]): { ms: number; status: number | null } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: r.status };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const rows = CASES.map((c) => {
  const warm = once(c.args);
  if (warm.status !== c.expectStatus) throw new Error(`${c.name} exited ${warm.status}`);
  const times = Array.from({ length: runs }, () => once(c.args).ms).sort((a, b) => a - b);
  return { name: c.name, medianMs: Math.round(quantile(times, 0.5)), p90Ms: Math.round(quantile(times, 0.9)), targetMs: c.targetMs };
});

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)}`;
console.log(`\nStart-up of the compiled CLI, ${runs} runs each (${machine})\n`);
console.log('| command | median | p90 | target |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| \`${r.name}\` | ${r.medianMs} ms | ${r.p90Ms} ms | < ${r.targetMs} ms${r.medianMs < r.targetMs ? '' : ' — MISSED'} |`);
console.log(JSON.stringify({ bench: 'startup', machine, rows }));
