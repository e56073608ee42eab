/**
 * `accessgraph assert --expect FILE` through the real binary on the demo (issue 14): the
 * minimal form from the issue holds as written; a broken expectation fails with the deciding
 * rules; a pattern that matches nothing or a malformed file is an error (exit 2), never a pass.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'accessgraph-assert-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const ISSUE_FORM = `expectations:
  - {from: "default/*", to: postgres/postgresql, port: 5432/TCP, expect: denied}
  - {from: wikijs/wikijs, to: postgres/postgresql, port: 5432, expect: allowed}
  - {from: mesh-fixed/service-a, to: mesh-fixed/service-b, port: 8080, expect: allowed, protection: both}
`;

describe('accessgraph assert', () => {
  it('the minimal form of the issue holds on the demo as written (exit 0)', async () => {
    const r = await runCli(['assert', '--expect', file('ok.yaml', ISSUE_FORM), '--demo']);
    expect(r.stdout).toContain('3 expectations: 3 passed, 0 failed, 0 errors');
    expect(r.code).toBe(0);
  });

  it.each([
    ['a flow NetworkPolicy denies, expected allowed', '{from: default/toolbox, to: postgres/postgresql, port: 5432, expect: allowed}', /FAIL .*1 of 1 flow break it[\s\S]*default\/toolbox → postgres\/postgresql 5432\/TCP: denied/],
    ['a protection weaker than expected', '{from: wikijs/wikijs, to: postgres/postgresql, port: 5432, expect: allowed, protection: both}', /FAIL [\s\S]*allowed \(l4-only\)[\s\S]*allow-postgres-clients/],
    ["not-open: a namespace whose flows nothing restricts", '{from: "*", to: "wikijs/*", expect: not-open}', /FAIL .*flows? break it/],
  ])('fails (exit 1) on %s, naming the flow and the deciding rules', async (_rule, line, pattern) => {
    const r = await runCli(['assert', '--expect', file(`f${line.length}.yaml`, `expectations:\n  - ${line}\n`), '--demo']);
    expect(r.stdout).toMatch(pattern);
    expect(r.code).toBe(1);
  });

  it.each([
    ['a pattern that matches nothing', 'expectations:\n  - {from: "nope/*", to: postgres/postgresql, port: 5432, expect: denied}\n', /matches no workload/],
    ['an unknown verdict', 'expectations:\n  - {from: "*", to: postgres/postgresql, expect: closed}\n', /expect "closed": expected one of allowed, denied, unknown, not-open/],
    ['protection without allowed', 'expectations:\n  - {from: "*", to: postgres/postgresql, expect: denied, protection: both}\n', /protection only goes with expect: allowed/],
    ['a bad port', 'expectations:\n  - {from: "*", to: postgres/postgresql, port: 70000, expect: denied}\n', /port 70000/],
    ['no expectations list', 'checks: []\n', /non-empty `expectations:` list/],
    ['a duplicate key', 'expectations:\n  - {from: a/b, from: c/d, to: e/f, expect: denied}\n', /Map keys must be unique/],
  ])('is an error (exit 2) for %s', async (_rule, text, pattern) => {
    const r = await runCli(['assert', '--expect', file(`e${text.length}.yaml`, text), '--demo']);
    expect(r.stdout + r.stderr).toMatch(pattern);
    expect(r.code).toBe(2);
  });

  it('writes JUnit XML a CI system reads: one testcase per expectation, failures with the flows', async () => {
    const text = `${ISSUE_FORM}  - {from: default/toolbox, to: postgres/postgresql, port: 5432, expect: allowed}\n`;
    const r = await runCli(['assert', '--expect', file('junit.yaml', text), '--demo', '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuite name="accessgraph assert" tests="4" failures="1" errors="0">/);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(4);
    expect(r.stdout).toMatch(/<failure message="1 of 1 flow break it">[^<]*default\/toolbox → postgres\/postgresql 5432\/TCP: denied/);
  });

  it('writes JSON with every result', async () => {
    const r = await runCli(['assert', '--expect', file('json.yaml', ISSUE_FORM), '--demo', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { results: { status: string; flows: number }[] };
    expect(doc.results.map((x) => x.status)).toEqual(['pass', 'pass', 'pass']);
  });
});
