import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.ts';

describe('accessgraph --demo (the bundled demo cluster, no file needed)', () => {
  it('check wikijs → postgres:5432 is allowed, protected by NetworkPolicy only', async () => {
    const r = await runCli(['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('ALLOWED wikijs/wikijs → postgres/postgresql:5432/TCP (l4-only: only NetworkPolicy (L4) protects it)');
    expect(r.stdout).toMatch(/at NetworkPolicy postgres\/[\w-]+ ingress rule \d+ \(demo\/[\w-]+\.yaml:\d+\)/);
  });

  it('check default → postgres:5432 is denied at L4', async () => {
    const r = await runCli(['check', 'default/toolbox', 'postgres/postgresql:5432', '--demo']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED default/toolbox → postgres/postgresql:5432/TCP at L4');
  });

  it('the postgres Service resolves its named target port', async () => {
    const r = await runCli(['check', 'wikijs/wikijs', 'service/postgres/postgresql', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('service port 5432/TCP → postgres/postgresql port 5432/TCP');
  });

  it('seed 002 as written: service-a → service-b:8080 is denied at L4 on 4143, with the finding that says why', async () => {
    const r = await runCli(['check', 'mesh-demo/service-a', 'mesh-demo/service-b:8080', '--demo']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED mesh-demo/service-a → mesh-demo/service-b:8080/TCP at L4');
    expect(r.stdout).toMatch(/Port: .*4143/);
    expect(r.stdout).toMatch(/Diagnostics touching these workloads or policies:\n(.*\n)*\s+error meshed-port-rule-ineffective NetworkPolicy mesh-demo\//);
  });

  it('seed 002 corrected: both layers protect service-a → service-b:8080', async () => {
    const r = await runCli(['check', 'mesh-fixed/service-a', 'mesh-fixed/service-b:8080', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^ALLOWED .* \(both: both layers protect it\)$/);
  });

  it('matrix --demo --format json is the matrix document, seed 000 reported as an unknown policy kind', async () => {
    const r = await runCli(['matrix', '--demo', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { workloads: { id: string }[]; cells: unknown[]; diagnostics: { code: string }[] };
    expect(doc.workloads.map((w) => w.id)).toEqual(expect.arrayContaining(['wikijs/wikijs', 'postgres/postgresql', 'default/toolbox']));
    expect(doc.cells.length).toBeGreaterThan(100);
    expect(doc.diagnostics.map((d) => d.code)).toContain('unknown-policy-kind');
  });

  it('graph --demo prints the graph', async () => {
    const r = await runCli(['graph', '--demo']);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout) as { nodes: { id: string }[] };
    expect(g.nodes.map((n) => n.id)).toContain('wikijs/wikijs');
  });
});
