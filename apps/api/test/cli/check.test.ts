import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './runCli.ts';

const SHOP = ['--manifests', `${FIXTURES}/shop`];

describe('accessgraph check, text', () => {
  it('an allowed flow: exit 0, the verdict line, per-layer words and the deciding objects with file:line', async () => {
    const r = await runCli(['check', 'shop/api', 'data/postgres:5432', ...SHOP]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ALLOWED shop\/api → data\/postgres:5432\/TCP \(l4-only: only NetworkPolicy \(L4\) protects it\)$/);
    expect(r.stdout).toContain('L4 — allowed: a NetworkPolicy restricts this flow and admits it');
    expect(r.stdout).toMatch(new RegExp(`at NetworkPolicy data/allow-api ingress rule 0 \\(${FIXTURES}/shop/policies\\.yaml:\\d+\\)`));
    expect(r.stdout).toContain('L7 — not applicable');
    expect(r.stdout).not.toContain('Port:');
  });

  it('a flow denied at L4: exit 1 and the isolating policy', async () => {
    const r = await runCli(['check', 'shop/web', 'data/postgres:5432', ...SHOP]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED shop/web → data/postgres:5432/TCP at L4');
    expect(r.stdout).toMatch(/NetworkPolicy data\/[a-z-]+ \(.*policies\.yaml:\d+\)/);
  });

  it('a flow denied at L7: exit 1, the Server and why no authorization applies', async () => {
    const r = await runCli(['check', 'shop/batch', 'shop/api:8080/TCP', ...SHOP]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED shop/batch → shop/api:8080/TCP at L7');
    expect(r.stdout).toMatch(/at Server shop\/api-http \(.*policies\.yaml:\d+\)/);
  });

  it('between meshed workloads: the authorization that grants it and the port the CNI saw (4143)', async () => {
    const r = await runCli(['check', 'shop/web', 'shop/api:8080', ...SHOP]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ALLOWED shop\/web → shop\/api:8080\/TCP \(l7-only/);
    expect(r.stdout).toMatch(/at AuthorizationPolicy shop\/api-from-web \(.*policies\.yaml:\d+\)/);
    expect(r.stdout).toMatch(/Port: .*4143.*not 8080/);
  });

  it('without a port: every declared port of the destination (a port name works too)', async () => {
    const [all, named] = await Promise.all([runCli(['check', 'shop/web', 'shop/api', ...SHOP]), runCli(['check', 'shop/web', 'shop/api:http', ...SHOP])]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('shop/api:8080/TCP');
    expect(named.stdout.split('\n')[0]).toBe(all.stdout.split('\n')[0]);
  });

  it('--linkerd-default-policy changes the default for destinations without a Server', async () => {
    const [open, authenticated] = await Promise.all([
      runCli(['check', 'data/postgres', 'shop/web:8080', ...SHOP]),
      runCli(['check', 'data/postgres', 'shop/web:8080', ...SHOP, '--linkerd-default-policy', 'all-authenticated']),
    ]);
    expect(open.code).toBe(0);
    expect(authenticated.code).toBe(1);
    expect(authenticated.stdout).toContain('at L7');
  });

  it('lists the diagnostics touching these workloads or policies after the verdict, and all of them on stderr with --all-findings', async () => {
    const r = await runCli(['check', 'shop/web', 'shop/api:8080', '--manifests', `${FIXTURES}/shop/workloads.yaml`, '--manifests', `${FIXTURES}/meshed-port`, '--all-findings']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('DENIED shop/web → shop/api:8080/TCP at L4');
    expect(r.stdout).toContain('none of its rules admits from shop/web on 4143/TCP');
    const [, relevant = ''] = r.stdout.split('Diagnostics touching these workloads or policies:\n');
    expect(relevant).toMatch(new RegExp(`error meshed-port-rule-ineffective NetworkPolicy shop/api-from-web \\(${FIXTURES}/meshed-port/api-ingress\\.yaml:3\\)`));
    expect(relevant).toContain('warning proxy-admin-port-blocked Deployment shop/api');
    expect(r.stderr).toMatch(/^Errors \(1\):\n {2}error meshed-port-rule-ineffective/m);
    expect(r.stderr).toMatch(/^Warnings \(1\):$/m);
    expect(r.stderr).toMatch(/^2 diagnostics: 1 error, 1 warning, 0 info$/m);
  });

  it('without --all-findings prints only a count of the findings that do not concern the flow', async () => {
    const r = await runCli(['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\d+ diagnostics: \d+ errors?, \d+ warnings?, \d+ info elsewhere in the input \(--all-findings prints them\)\n$/);
    expect(r.stderr).not.toContain('meshed-port-rule-ineffective');
  });
});

describe('accessgraph check, Services', () => {
  it('ns/svc:port resolves to the selected workload and its named target port', async () => {
    const r = await runCli(['check', 'shop/web', 'shop/backend:80', ...SHOP]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Service shop/backend resolves to 1 workload:');
    expect(r.stdout).toContain('service port 80/TCP → shop/api port 8080/TCP');
    expect(r.stdout).toMatch(/^ALLOWED shop\/web → shop\/api:8080\/TCP/m);
  });

  it('a Service whose target is denied exits 1', async () => {
    const r = await runCli(['check', 'shop/web', 'data/db:5432', ...SHOP]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('service port 5432/TCP → data/postgres port 5432/TCP');
    expect(r.stdout).toMatch(/^DENIED shop\/web → data\/postgres:5432\/TCP at L4$/m);
  });

  it('a Service without a port checks each of its ports', async () => {
    const r = await runCli(['check', 'shop/api', 'data/db', ...SHOP]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ALLOWED shop\/api → data\/postgres:5432\/TCP/m);
  });

  it('a port the Service does not have is exit 2 listing the ports it has', async () => {
    const r = await runCli(['check', 'shop/api', 'data/db:6543', ...SHOP]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Service data/db has no port 6543');
    expect(r.stderr).toContain('5432/TCP (pg)');
  });
});

describe('accessgraph check --format json', () => {
  it('has from, to, service, allowed, cells and diagnostics', async () => {
    const r = await runCli(['check', 'shop/web', 'shop/backend:80', ...SHOP, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['from', 'to', 'service', 'allowed', 'cells', 'diagnostics']);
    expect(doc).toMatchObject({ from: 'shop/web', to: 'shop/backend:80', allowed: true });
    expect(doc.service).toMatchObject({ namespace: 'shop', name: 'backend', targets: [{ workload: 'shop/api', servicePort: 80, port: 8080, protocol: 'TCP' }] });
    const cells = doc.cells as Record<string, unknown>[];
    expect(cells).toHaveLength(1);
    expect(cells[0]).toMatchObject({ from: 'shop/web', to: 'shop/api', port: 8080, l4Port: 4143, l7: 'allow', protection: 'l7-only' });
    expect(r.stderr).toBe('');
  });

  it('keeps the exit status of the verdict', async () => {
    const r = await runCli(['check', 'shop/web', 'data/postgres:5432', ...SHOP, '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { allowed: unknown }).allowed).toBe(false);
  });
});

describe('accessgraph check, errors', () => {
  it('an unknown source workload is exit 2 with close matches', async () => {
    const r = await runCli(['check', 'shop/wbe', 'shop/api', ...SHOP]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no workload shop/wbe; did you mean: shop/web?');
    expect(r.stdout).toBe('');
  });

  it('an unknown destination is exit 2 and suggests workloads and Services', async () => {
    const [workload, otherNamespace] = await Promise.all([
      runCli(['check', 'shop/web', 'data/postgress:5432', ...SHOP]),
      runCli(['check', 'shop/web', 'prod/postgres', ...SHOP]),
    ]);
    expect(workload.code).toBe(2);
    expect(workload.stderr).toContain('no workload or Service data/postgress; did you mean: data/postgres?');
    expect(otherNamespace.code).toBe(2);
    expect(otherNamespace.stderr).toContain('did you mean: data/postgres');
  });

  it('a wrong number of arguments or a malformed id is a usage error', async () => {
    const [one, bad] = await Promise.all([runCli(['check', 'shop/web', ...SHOP]), runCli(['check', 'web', 'shop/api', ...SHOP])]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('check takes two arguments');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('FROM "web" is not a workload id namespace/name');
  });

  it('a port out of range is exit 2', async () => {
    const r = await runCli(['check', 'shop/web', 'shop/api:70000', ...SHOP]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('70000');
  });

  it('-o is --format, as kubectl users type it', async () => {
    const r = await runCli(['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--demo', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: 'wikijs/wikijs', allowed: true });
  });
});
