#!/usr/bin/env node
// The whole test suite: vitest (model, api, web, cluster) then Playwright (e2e), each with a
// JSON report, summed into one last line `N passed, N failed, N skipped` from the runners'
// own numbers. Exits non-zero when a test failed or a runner could not report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.cache', 'test-reports');
mkdirSync(out, { recursive: true });

// The pnpm that runs this script (also when it was started through `npx -y pnpm@12`, which puts
// no `pnpm` on PATH): its executable, or its JavaScript entry run by this Node.
const execPath = process.env.npm_execpath ?? '';
const PNPM = /pnpm/.test(execPath) ? (/\.[cm]?js$/.test(execPath) ? [process.execPath, execPath] : [execPath]) : ['pnpm'];

function pnpm(args, env = {}) {
  return run(PNPM[0], [...PNPM.slice(1), ...args], env);
}

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

// Binaries for the real kube-apiserver (built once from Go modules, cached).
if (existsSync(join(root, 'e2e/testcluster/package.json'))) {
  const status = pnpm(['--filter', '@accessgraph/testcluster', 'run', 'prepare-binaries']);
  if (status !== 0) problems.push('could not prepare the test cluster binaries (cluster tests will fail under CI=true)');
}

const vitestReport = join(out, 'vitest.json');
rmSync(vitestReport, { force: true });
pnpm(['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const v = readJson(vitestReport);
if (v) {
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests;
  totals.skipped += v.numPendingTests + v.numTodoTests;
  if (v.numFailedTestSuites > 0 && v.numFailedTests === 0) problems.push(`${v.numFailedTestSuites} vitest file(s) failed to run`);
} else problems.push('vitest wrote no report');

if (existsSync(join(root, 'e2e/playwright.config.ts'))) {
  const pwReport = join(root, 'e2e', 'artifacts', 'results.json');
  rmSync(pwReport, { force: true });
  pnpm(['--filter', '@accessgraph/web', 'run', 'build']);
  pnpm(['--filter', '@accessgraph/e2e', 'exec', 'playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwReport });
  const p = readJson(pwReport);
  if (p?.stats) {
    totals.passed += p.stats.expected + (p.stats.flaky ?? 0);
    totals.failed += p.stats.unexpected;
    totals.skipped += p.stats.skipped;
    if (p.errors?.length && p.stats.unexpected === 0) problems.push(`playwright reported ${p.errors.length} error(s) outside tests`);
  } else problems.push('playwright wrote no report');
}

for (const p of problems) console.log(`problem: ${p}`);
console.log(`${totals.passed} passed, ${totals.failed + problems.length} failed, ${totals.skipped} skipped`);
process.exit(totals.failed + problems.length > 0 ? 1 : 0);
