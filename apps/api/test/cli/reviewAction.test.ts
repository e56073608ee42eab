/**
 * The GitHub Action's step (.github/actions/accessgraph-review/review.sh), run as the action
 * runs it but with the repository's own binary: the diff goes to the job summary, the gate and
 * the expectations decide the exit status.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './runCli.ts';

const SCRIPT = join(REPO_ROOT, '.github/actions/accessgraph-review/review.sh');
const MAIN = join(REPO_ROOT, 'apps/api/demo');

function run(after: string, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-action-'));
  const summary = join(dir, 'summary.md');
  const r = spawnSync('bash', [SCRIPT], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ACCESSGRAPH: `${process.execPath} ${join(REPO_ROOT, 'apps/api/bin/accessgraph.mjs')}`, BEFORE: MAIN, AFTER: after, GITHUB_STEP_SUMMARY: summary, FAIL_ON: 'protection-lowered,new-unknown', ...extra },
  });
  return { status: r.status, summary: readFileSync(summary, 'utf8'), stderr: r.stderr };
}

function lowered(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-pr-'));
  cpSync(MAIN, dir, { recursive: true });
  const f = join(dir, '21-mesh-fixed.yaml');
  const t = readFileSync(f, 'utf8');
  writeFileSync(f, t.slice(0, t.indexOf('apiVersion: policy.linkerd.io/v1beta3\nkind: Server')));
  return dir;
}

describe('the accessgraph-review action step', () => {
  it('passes an unchanged tree and writes the diff to the job summary', () => {
    const r = run(MAIN);
    expect(r.status).toBe(0);
    expect(r.summary).toContain('## accessgraph: what this change does to reachability');
    expect(r.summary).toContain('gate passed');
  });

  it('fails a pull request that lowers protection, with the hit in the summary', () => {
    const r = run(lowered());
    expect(r.status).toBe(1);
    expect(r.summary).toMatch(/gate FAILED[\s\S]*protection-lowered: mesh-fixed\/service-a → mesh-fixed\/service-b 8080\/TCP/);
  });

  it('runs the expectations against the pull request and fails when one breaks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accessgraph-exp-'));
    const expectFile = join(dir, 'expect.yaml');
    writeFileSync(expectFile, 'expectations:\n  - {from: mesh-fixed/service-a, to: mesh-fixed/service-b, port: 8080, expect: allowed, protection: both}\n');
    const ok = run(MAIN, { EXPECT: expectFile, FAIL_ON: '' });
    expect(ok.status).toBe(0);
    expect(ok.summary).toContain('1 expectations: 1 passed');
    const broken = run(lowered(), { EXPECT: expectFile, FAIL_ON: '' });
    expect(broken.summary).toContain('1 expectations: 0 passed, 1 failed');
    expect(broken.status).toBe(1);
  });
});
