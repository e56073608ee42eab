/**
 * `-n/--namespace` on matrix, graph and assert (issue 14), through the real binary on the demo.
 * The rule: a flow is output (or evaluated) when its source or its destination is in one of
 * the namespaces — the API's `?namespace=` graph filter (packages/model/src/query/graphFilter.ts)
 * — and the verdicts are exactly those of the unfiltered run: the policies of every namespace
 * still apply. A namespace the input lacks is an error with close matches, never an empty pass.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { runCli, runCliOnce } from './runCli.ts';

const ns = (id: string) => id.slice(0, id.indexOf('/'));

describe('-n/--namespace', () => {
  it.each([[['-n', 'postgres']], [['--namespace', 'postgres,mesh-fixed']], [['-n', 'postgres', '-n', 'mesh-fixed']]])('matrix %j: exactly the cells with an end in the namespaces, verdicts unchanged', async (flags) => {
    const wanted = new Set(flags.filter((_, i) => i % 2 === 1).flatMap((v) => v.split(',')));
    const full = await runCliOnce(['matrix', '--demo', '-o', 'csv']);
    const filtered = await runCli(['matrix', '--demo', '-o', 'csv', ...flags]);
    expect(filtered.code, filtered.stderr).toBe(0);
    const [header, ...rows] = full.stdout.trimEnd().split(/\r?\n/);
    const expected = rows.filter((row) => {
      const [from = '', to = ''] = row.split(',');
      return wanted.has(ns(from)) || wanted.has(ns(to));
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(rows.length);
    expect(filtered.stdout.trimEnd().split(/\r?\n/)).toEqual([header, ...expected]);
  });

  it('matrix json keeps the diagnostics about those namespaces and the global ones only', async () => {
    const r = await runCli(['matrix', '--demo', '-o', 'json', '-n', 'mesh-fixed']);
    const doc = JSON.parse(r.stdout) as { diagnostics: { object?: { namespace?: string }; workloads?: string[] }[] };
    for (const d of doc.diagnostics) {
      const about = [d.object?.namespace, ...(d.workloads ?? []).map(ns)].filter((x) => x !== undefined);
      expect(about.length === 0 || about.includes('mesh-fixed')).toBe(true);
    }
  });

  it('graph -n: the edges from or to the namespace, the workloads at their ends, as the API filter', async () => {
    type G = { nodes: { id: string; namespace: string }[]; edges: { id: string; from: string; to: string; class: string; ports: unknown[] }[] };
    const full = JSON.parse((await runCliOnce(['graph', '--demo'])).stdout) as G;
    const r = await runCli(['graph', '--demo', '-n', 'postgres']);
    expect(r.code, r.stderr).toBe(0);
    const g = JSON.parse(r.stdout) as G;
    const expected = full.edges.filter((e) => ns(e.from) === 'postgres' || ns(e.to) === 'postgres');
    expect(expected.length).toBeGreaterThan(0);
    expect(g.edges).toEqual(expected);
    const ends = new Set(expected.flatMap((e) => [e.from, e.to]));
    for (const n of g.nodes) expect(n.namespace === 'postgres' || ends.has(n.id)).toBe(true);
  });

  it('assert -n evaluates only the flows with an end there; an expectation with none left is skipped, not passed', async () => {
    const file = join(tempDir(), 'e.yaml');
    writeFileSync(
      file,
      [
        'expectations:',
        '  - {from: "*", to: postgres/postgresql, port: 5432, expect: denied}',
        '  - {from: mesh-fixed/service-a, to: mesh-fixed/service-b, port: 8080, expect: allowed, protection: both}',
        '  - {from: "default/*", to: "postgres/*", port: 5432, expect: denied}',
      ].join('\n') + '\n',
    );
    type R = { results: { status: string; flows: number; failureCount: number; failures: { from: string; to: string }[] }[] };
    const full = JSON.parse((await runCli(['assert', '--expect', file, '--demo', '-o', 'json'])).stdout) as R;
    const r = await runCli(['assert', '--expect', file, '--demo', '-o', 'json', '-n', 'wikijs,mesh-fixed']);
    const part = JSON.parse(r.stdout) as R;
    // "*" → postgresql: -n wikijs,mesh-fixed keeps the 4 clients from there (wikijs and mesh-fixed's 3); only wikijs is admitted.
    expect(full.results[0]).toMatchObject({ status: 'fail' });
    expect(part.results[0]).toMatchObject({ status: 'fail', flows: 4, failureCount: 1 });
    expect(part.results[0]!.failures.map((f) => f.from)).toEqual(['wikijs/wikijs']);
    expect(part.results[1]).toMatchObject({ status: 'pass', flows: 1 });
    expect(part.results[2]).toMatchObject({ status: 'skipped', flows: 0 });
    expect(r.code).toBe(1);
    const text = await runCli(['assert', '--expect', file, '--demo', '-n', 'mesh-fixed']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('3 expectations: 2 passed, 0 failed, 0 errors, 1 skipped (no flow in the namespaces asked for)');
    const junit = await runCli(['assert', '--expect', file, '--demo', '-n', 'mesh-fixed', '-o', 'junit']);
    expect(junit.stdout).toContain('skipped="1"');
    expect(junit.stdout).toMatch(/<skipped message="[^"]*mesh-fixed"\/>/);
  });

  it.each([['matrix'], ['graph'], ['assert']])('%s -n with a namespace the input lacks: exit 2 with close matches', async (command) => {
    const file = join(tempDir(), 'e.yaml');
    writeFileSync(file, 'expectations:\n  - {from: "*", to: postgres/postgresql, port: 5432, expect: denied}\n');
    const r = await runCli([command, '--demo', '-n', 'postgress', ...(command === 'assert' ? ['--expect', file] : [])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--namespace postgress: no such namespace in the input; did you mean: postgres?');
  });

  it('-n with a name that is no namespace name is a usage error', async () => {
    const r = await runCli(['graph', '--demo', '-n', 'Shop/x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a namespace name');
  });

  it.each([['matrix'], ['graph'], ['assert']])('%s --help lists -n with examples', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.stdout).toMatch(/-n, --namespace NS/);
    expect(r.stdout).toMatch(/Examples:\n(?: {2}accessgraph .*\n| {2}.*\| accessgraph .*\n)+/);
    expect(r.stdout).toMatch(/accessgraph \w+ .*-n /);
  });
});
