/**
 * `diff --fail-on` as a CI gate (issue 14), through the real binary on the demo: a pull request
 * that lowers mesh-fixed/service-b from `both` to `l4-only` fails the gate; one that adds a
 * NetworkPolicy rule for an expected client passes it (its new flow is allowed and protected).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './runCli.ts';

const GATE = 'protection-lowered,new-open,new-conflict,new-unknown,error-finding';

/** A copy of the demo with 21-mesh-fixed.yaml rewritten by `edit`. */
function demoWith(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-pr-'));
  cpSync(join(REPO_ROOT, 'apps/api/demo'), dir, { recursive: true });
  const file = join(dir, '21-mesh-fixed.yaml');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
  return dir;
}

const MAIN = join(REPO_ROOT, 'apps/api/demo');
/** The PR drops Linkerd's Server, MeshTLSAuthentication and AuthorizationPolicy for service-b. */
const dropsL7 = () => demoWith((t) => t.slice(0, t.indexOf('apiVersion: policy.linkerd.io/v1beta3\nkind: Server')));
/** The PR lets mesh-fixed/reporting in at L4 too (on 4143, where its meshed traffic arrives). */
const admitsReporting = () => demoWith((t) => t.replace('              app: service-a\n      ports:', '              app: service-a\n        - podSelector:\n            matchLabels:\n              app: reporting\n      ports:'));

describe('diff --fail-on', () => {
  it('fails the gate when a PR lowers mesh-fixed/service-b from both to l4-only (protection-lowered)', async () => {
    const r = await runCli(['diff', '--before', MAIN, '--after', dropsL7(), '--fail-on', GATE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gate FAILED/);
    expect(r.stderr).toContain('protection-lowered: mesh-fixed/service-a → mesh-fixed/service-b 8080/TCP (allowed, both → allowed, l4-only)');
  });

  it('passes the gate when a PR adds a NetworkPolicy rule for an expected client (only new-allowed, not listed)', async () => {
    const dir = admitsReporting();
    const r = await runCli(['diff', '--before', MAIN, '--after', dir, '--fail-on', GATE]);
    expect(r.stderr).toMatch(/gate passed/);
    expect(r.code).toBe(0);
    // The same change hits new-allowed, so a team that lists it fails.
    const strict = await runCli(['diff', '--before', MAIN, '--after', dir, '--fail-on', 'new-allowed', '--format', 'json']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('new-allowed: mesh-fixed/reporting → mesh-fixed/service-b 8080/TCP (denied → allowed, both)');
  });

  it('without --fail-on, any change still exits 1 (the behaviour scripts already rely on)', async () => {
    expect((await runCli(['diff', '--before', MAIN, '--after', admitsReporting()])).code).toBe(1);
    expect((await runCli(['diff', '--before', MAIN, '--after', MAIN])).code).toBe(0);
  });

  it.each([['--fail-on', 'new-allowd'], ['--fail-on', ',']])('rejects %s %s with the list of classes (exit 2)', async (flag, value) => {
    const r = await runCli(['diff', '--before', MAIN, '--after', MAIN, flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('protection-lowered');
  });
});
