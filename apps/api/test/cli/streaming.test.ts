import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, netpol, yamlText } from '../support/manifests.ts';
import { REPO_ROOT, runCli } from './runCli.ts';

const BIN = fileURLToPath(new URL('../../bin/accessgraph.mjs', import.meta.url));

/** `n` workloads in 10 namespaces, each declaring 80 and 443, each namespace admitting the next on `port`. */
function bigCluster(n: number, port = 80): string {
  const workloads = Array.from({ length: n }, (_, i) => deploy(`ns${i % 10}/w${i}`, { ports: [80, 443] }));
  const policies = Array.from({ length: 10 }, (_, ns) =>
    netpol(`ns${ns}/from-next`, { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': `ns${(ns + 1) % 10}` } } }], ports: [{ port }] }] }),
  );
  return yamlText([...workloads, ...policies]);
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accessgraph-cli-'));
  writeFileSync(join(dir, 'cluster.yaml'), bigCluster(120));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('big inputs', () => {
  it('matrix --format json streams a complete document (120 workloads × 119 sources × 2 ports)', async () => {
    const r = await runCli(['matrix', '--manifests', dir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { workloads: unknown[]; cells: { from: string; to: string }[] };
    // The outside peer external:0.0.0.0/0 is listed too, and reaches into each workload's 2 ports.
    expect(doc.workloads).toHaveLength(121);
    expect(doc.cells).toHaveLength(120 * 119 * 2 + 120 * 2);
  });

  it('a reader that stops early (| head) ends the command quietly', async () => {
    const child = spawn(process.execPath, [BIN, 'matrix', '--manifests', dir, '--format', 'csv'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first.split('\r\n')[0]).toBe('from,to,port,protocol,l4Port,l4,l7,allowed,protection,l4_rule,l4_rule_at,l7_rule,l7_rule_at,reasons');
    expect(stderr).not.toContain('unexpected failure');
    expect(code).toBe(0);
  });

  it('diff of two big inputs keeps only the changed cells', async () => {
    const after = mkdtempSync(join(tmpdir(), 'accessgraph-cli-after-'));
    try {
      writeFileSync(join(after, 'cluster.yaml'), bigCluster(120, 443));
      const r = await runCli(['diff', '--before', dir, '--after', after, '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      const doc = JSON.parse(r.stdout) as { summary: { reclassified: number; unchanged: number } };
      // Each namespace's 12 workloads are reached by the next namespace's 12 on one more port and one fewer.
      expect(doc.summary.reclassified).toBe(10 * 12 * 12 * 2);
      // Every pair of workloads, plus external:0.0.0.0/0 into each workload's 2 ports.
      expect(doc.summary.reclassified + doc.summary.unchanged).toBe(120 * 119 * 2 + 120 * 2);
    } finally {
      rmSync(after, { recursive: true, force: true });
    }
  });
});
