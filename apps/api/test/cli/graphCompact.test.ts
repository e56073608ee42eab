/**
 * `accessgraph graph --format compact` (issue 13) through the real binary: decoded with the
 * model's decodeCompactGraph it is exactly what `--format json` prints, on the demo and on a
 * synthetic cluster of issue 13's shape written as YAML; and it is a fraction of its size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCompactGraph, type CompactGraph } from '@accessgraph/model';
import { ISSUE_13_SHAPE } from '../../../../packages/model/bench/synthetic.ts';
import { writeSynthetic } from '../../../../packages/model/bench/writeSynthetic.ts';
import { runCli } from './runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'accessgraph-compact-'));
writeSynthetic(300, 1, dir, { namespaces: 120, meshedEvery: ISSUE_13_SHAPE.meshedEvery, wide: ISSUE_13_SHAPE.wide });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accessgraph graph --format compact', () => {
  it.each<[string, string[]]>([
    ['the demo', ['--demo']],
    ['the demo, with the flows of ports open to all', ['--demo', '--include-open']],
    ['a synthetic cluster of issue 13 shape (300 workloads, 120 namespaces)', ['--manifests', dir]],
  ])('decodes to exactly the JSON graph: %s', { timeout: 120_000 }, async (_name, args) => {
    const [full, compact] = await Promise.all([runCli(['graph', ...args, '--format', 'json']), runCli(['graph', ...args, '-o', 'compact'])]);
    expect(full.code).toBe(0);
    expect(compact.code).toBe(0);
    const graph = JSON.parse(full.stdout) as unknown;
    expect(decodeCompactGraph(JSON.parse(compact.stdout) as CompactGraph)).toEqual(graph);
    expect((graph as { edges: unknown[] }).edges.length).toBeGreaterThan(0);
    expect(compact.stdout.length).toBeLessThan(full.stdout.length);
  });

  it('is listed in --help and other formats are refused', async () => {
    const [help, bad] = await Promise.all([runCli(['graph', '--help']), runCli(['graph', '--demo', '--format', 'yaml'])]);
    expect(help.stdout).toMatch(/json \(default\), compact/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format yaml: expected one of json, compact, csv, sarif');
  });
});
